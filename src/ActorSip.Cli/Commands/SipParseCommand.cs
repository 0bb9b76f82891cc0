using System.CommandLine;
using System.Text.Json;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Parsing;

namespace ActorSip.Cli.Commands;

/// <summary>
/// `actorsip sip parse FILE...`: one verdict per captured message, for troubleshooting. Each file is read as
/// raw bytes and handed to the parser as one datagram, so what it says is what a UDP listener would do.
/// </summary>
public static class SipParseCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("file") { Description = "captured SIP messages, one per file", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "one JSON object per file instead of a line" };
        var stream = new Option<bool>("--stream") { Description = "frame as a TCP/TLS stream (Content-Length required)" };
        var command = new Command("parse", "parse captured SIP messages and say whether each is valid") { files, json, stream };
        command.SetAction(parse =>
        {
            var options = parse.GetValue(stream) ? SipParseOptions.Stream : SipParseOptions.Datagram;
            return Run(parse.GetValue(files)!, parse.GetValue(json), options, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    /// <returns>0 when every file holds a valid message, 1 otherwise.</returns>
    public static int Run(IReadOnlyList<FileInfo> files, bool json, SipParseOptions options, TextWriter output)
    {
        var allValid = true;
        foreach (var file in files)
        {
            var verdict = Parse(file, options);
            allValid &= verdict.Valid;
            output.WriteLine(json ? JsonSerializer.Serialize(verdict, VerdictJson.Default.Verdict) : verdict.ToLine());
        }
        return allValid ? 0 : 1;
    }

    public static Verdict Parse(FileInfo file, SipParseOptions options)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Verdict(file.ToString(), false, null, null, null, null, null, "cannot read file: " + e.Message, null, null);
        }
        if (!SipMessageParser.TryParse(bytes, options, out var message, out var error))
            return new Verdict(file.ToString(), false, null, null, null, null, null, error.Message, error.Line, error.Code.ToString());
        return message switch
        {
            SipRequest r => new Verdict(file.ToString(), true, "request", r.Method, null, message.CallId, message.CSeq?.ToString(), null, null, null),
            SipResponse s => new Verdict(file.ToString(), true, "response", null, s.StatusCode, message.CallId, message.CSeq?.ToString(), null, null, null),
            _ => throw new InvalidOperationException("unknown message type"),
        };
    }

    public sealed record Verdict(
        string File, bool Valid, string? Kind, string? Method, int? Status, string? CallId,
        [property: System.Text.Json.Serialization.JsonPropertyName("cseq")] string? CSeq,
        string? Error, int? Line, string? Code)
    {
        public string ToLine() => Valid
            ? $"{File}: ok {Method ?? Status?.ToString()} {CallId}"
            : $"{File}: invalid: {(Line is > 0 ? $"line {Line}: " : "")}{Error}";
    }
}
