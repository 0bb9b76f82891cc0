using System.CommandLine;
using System.Globalization;
using System.Net;
using ActorSip.Sip;
using ActorSip.Sip.Locating;

namespace ActorSip.Cli.Commands;

/// <summary>
/// `actorsip sip resolve TARGET`: the RFC 3263 target list a node would try for a registrar, in order, with the SRV
/// priority and weight and the TTL behind each line (like dig, for SIP). It uses the node's locator, so what it prints
/// is what a binding does; the first thing to run when a trunk does not come up.
/// </summary>
public static class SipResolveCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "registrar target in IOS form: dns:HOST[:PORT], ipv4:A.B.C.D[:PORT], ipv6:[ADDR][:PORT]" };
        var transport = new Option<string?>("--transport") { Description = "udp, tcp or tls (as `registrar ... transport`); omit to let NAPTR/SRV decide" };
        var servers = new Option<string[]>("--server")
        {
            Description = "name server ADDRESS[:PORT] to ask (repeatable); default: /etc/resolv.conf's, as the node reads them",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("resolve", "the ordered SIP targets of a registrar (RFC 3263 NAPTR/SRV/A), with priority, weight, port and TTL")
        {
            target, transport, servers,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var transportText = parse.GetValue(transport);
            SipTransportKind? kind = null;
            if (transportText is not null)
            {
                if (!Enum.TryParse<SipTransportKind>(transportText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed)
                    || transportText.Any(char.IsAsciiDigit))
                    return Usage(error, $"--transport '{transportText}' must be udp, tcp or tls");
                kind = parsed;
            }
            var text = parse.GetValue(target)!;
            if (!SipTargetSpec.TryParseIosTarget(text, kind, false, out var spec, out var parseError))
                return Usage(error, $"'{text}': {parseError.TrimStart('%', ' ')}");

            List<IPEndPoint> nameServers = [];
            string source;
            var given = parse.GetValue(servers) ?? [];
            if (given.Length > 0)
            {
                foreach (var s in given)
                {
                    if (!ResolvConf.TryParseServer(s, out var server)) return Usage(error, $"--server '{s}' is not ADDRESS[:PORT]");
                    nameServers.Add(server);
                }
                source = "--server";
            }
            else
            {
                nameServers.AddRange(ResolvConf.Load(ResolvConf.DefaultPath, out source));
            }

            var locator = new DnsSipServerLocator(nameServers);
            var result = await locator.LocateAsync(spec, ct);
            await output.WriteLineAsync($"; {text}{(kind is { } k ? " transport " + Name(k) : "")}" +
                                        (spec.IsNumeric ? "" : $", name servers {string.Join(", ", nameServers)} ({source})"));
            if (!result.IsSuccess)
            {
                await error.WriteLineAsync(result.Failure!.Describe(spec.Host));
                return 1;
            }
            Write(output, result);
            return 0;
        });
        return command;
    }

    /// <summary>One aligned line per target, in the order a REGISTER tries them.</summary>
    public static void Write(TextWriter output, LocateResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        var rows = new List<string[]> { new[] { "#", "transport", "address", "port", "priority", "weight", "ttl", "host" } };
        for (var i = 0; i < result.Targets.Count; i++)
        {
            var t = result.Targets[i];
            rows.Add([
                (i + 1).ToString(CultureInfo.InvariantCulture), Name(t.Transport), t.EndPoint.Address.ToString(),
                t.EndPoint.Port.ToString(CultureInfo.InvariantCulture), t.Priority.ToString(CultureInfo.InvariantCulture),
                t.Weight.ToString(CultureInfo.InvariantCulture),
                ((long)result.TargetTtls[i].TotalSeconds).ToString(CultureInfo.InvariantCulture), t.HostName,
            ]);
        }
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
    }

    private static string Name(SipTransportKind kind) => kind.ToString().ToLowerInvariant();

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine("actorsip: " + message);
        return 2;
    }
}
