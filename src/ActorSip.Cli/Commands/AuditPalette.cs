using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>The audit palette: the journal replayed as a history (`audit replay`), the state at a past moment
/// (`audit replay --as-of T`) and new events as they are written (`audit tail`). Secrets are masked by the node.</summary>
public static class AuditPalette
{
    public static Command Create()
    {
        var entity = new Option<string?>("--entity") { Description = "one entity: binding-1001@1, 1001@1, trunk-config, or a prefix such as credential-1001" };
        var since = new Option<string?>("--since") { Description = "events at or after this time (ISO 8601; UTC when no offset)" };
        var until = new Option<string?>("--until") { Description = "events at or before this time" };
        var asOf = new Option<string?>("--as-of") { Description = "print the configuration and registrations as they were at this time instead" };
        var replay = ManagementCommand.Create("replay", "every persisted event in order: time | node | entity | event | details (secrets masked)", p =>
        {
            var query = new List<string>();
            void Add(string name, string? value)
            {
                if (value is not null) query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            Add("entity", p.GetValue(entity));
            Add("since", p.GetValue(since));
            Add("until", p.GetValue(until));
            Add("asOf", p.GetValue(asOf));
            return new ManagementCommand.Request(HttpMethod.Get, "api/audit" + (query.Count > 0 ? "?" + string.Join("&", query) : ""));
        }, Print, entity, since, until, asOf);
        return new Command("audit", "event-sourced audit trail") { replay, Tail() };
    }

    private static void Print(JsonElement result, TextWriter output)
    {
        if (result.ValueKind == JsonValueKind.Object) PrintState(result, output);
        else PrintEvents(result, output);
    }

    public static string Line(JsonElement r) =>
        $"{r.GetProperty("time").GetDateTimeOffset().UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} | {(r.GetProperty("node").GetString() ?? "-")} | {r.GetProperty("entity").GetString()} | {r.GetProperty("event").GetString()} | {r.GetProperty("details").GetString()}";

    private static void PrintEvents(JsonElement records, TextWriter output)
    {
        var count = 0;
        foreach (var r in records.EnumerateArray())
        {
            output.WriteLine(Line(r));
            count++;
        }
        output.WriteLine($"Count: {count} events");
    }

    private static void PrintState(JsonElement state, TextWriter output)
    {
        var changed = state.GetProperty("configChangedAt").ValueKind == JsonValueKind.String
            ? $"last changed {state.GetProperty("configChangedAt").GetDateTimeOffset().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} on {state.GetProperty("configChangedBy").GetString()}"
            : "no configuration yet";
        output.WriteLine($"! configuration as of {state.GetProperty("at").GetDateTimeOffset().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({changed}), passwords masked");
        output.Write(state.GetProperty("maskedConfig").GetString());
        output.WriteLine($"{"Binding",-16} {"State",-12} {"Expires at",-20} Call-ID");
        var count = 0;
        foreach (var b in state.GetProperty("bindings").EnumerateArray())
        {
            var expires = b.GetProperty("expiresAt").ValueKind == JsonValueKind.String ? b.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ") : "-";
            output.WriteLine($"{b.GetProperty("binding").GetString(),-16} {b.GetProperty("state").GetString(),-12} {expires,-20} {b.GetProperty("callId").GetString()}");
            count++;
        }
        output.WriteLine($"Count: {count} bindings");
    }

    private static Command Tail()
    {
        var node = ManagementCommand.NodeOption();
        var json = new Option<bool>("--json") { Description = "one JSON document per event" };
        var count = new Option<int?>("--count") { Description = "stop after N events (default: until Ctrl+C)" };
        var token = ManagementCommand.TokenOption();
        var command = new Command("tail", "stream new events as they are written, until Ctrl+C") { node, json, count, token };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var target = parse.GetValue(node)!;
            var path = "api/audit/tail" + (parse.GetValue(count) is { } n ? $"?count={n}" : "");
            return await ManagementCommand.Guard(parse, target, async () =>
            {
                try
                {
                    await foreach (var e in new ManagementClient(target, parse.GetValue(token)).StreamAsync(path, ct))
                    {
                        using (e)
                        {
                            output.WriteLine(parse.GetValue(json) ? e.RootElement.GetRawText() : Line(e.RootElement));
                            output.Flush();
                        }
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
            });
        });
        return command;
    }
}
