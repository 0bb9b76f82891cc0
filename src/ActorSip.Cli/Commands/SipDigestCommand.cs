using System.CommandLine;
using ActorSip.Sip.Auth;

namespace ActorSip.Cli.Commands;

/// <summary>`actorsip sip digest`: the response value for given inputs, to compare with a capture. The password is
/// an input only; it is never echoed.</summary>
public static class SipDigestCommand
{
    public static Command Create()
    {
        var algorithm = new Option<string>("--algorithm") { Description = "MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess", DefaultValueFactory = _ => "MD5" };
        var username = new Option<string>("--username") { Required = true };
        var realm = new Option<string>("--realm") { Required = true };
        var password = new Option<string>("--password") { Required = true };
        var method = new Option<string>("--method") { Required = true };
        var uri = new Option<string>("--uri") { Required = true };
        var nonce = new Option<string>("--nonce") { Required = true };
        var qop = new Option<string?>("--qop") { Description = "auth or auth-int; omit for the RFC 2069 form" };
        var nc = new Option<string?>("--nc") { Description = "nonce count, 8 hex digits (with --qop)" };
        var cnonce = new Option<string?>("--cnonce") { Description = "client nonce (with --qop or -sess)" };
        var userhash = new Option<bool>("--userhash") { Description = "also print H(username:realm) (RFC 7616 §3.4.4)" };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "message body, for qop=auth-int" };
        var command = new Command("digest", "compute a digest response (RFC 2617, 7616, 8760)")
        {
            algorithm, username, realm, password, method, uri, nonce, qop, nc, cnonce, userhash, bodyFile,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!DigestAlgorithms.TryParse(parse.GetValue(algorithm), out var alg))
                return Usage(error, $"unknown --algorithm '{parse.GetValue(algorithm)}'");
            var q = parse.GetValue(qop);
            if (q is not null and not "auth" and not "auth-int") return Usage(error, "--qop must be auth or auth-int");
            var n = parse.GetValue(nc);
            var c = parse.GetValue(cnonce);
            if (q is not null && (n is null || c is null)) return Usage(error, "--qop needs --nc and --cnonce");
            if (n is not null && (n.Length != 8 || !n.All(char.IsAsciiHexDigit))) return Usage(error, "--nc must be 8 hex digits");
            if (alg.IsSession() && c is null) return Usage(error, $"{alg.Token()} needs --cnonce");
            var body = ReadOnlyMemory<byte>.Empty;
            if (parse.GetValue(bodyFile) is { } file)
            {
                if (!file.Exists) return Usage(error, $"--body-file '{file}' not found");
                body = File.ReadAllBytes(file.FullName);
            }
            var input = new DigestInput(alg, parse.GetValue(username)!, parse.GetValue(realm)!, parse.GetValue(password)!,
                parse.GetValue(method)!, parse.GetValue(uri)!, parse.GetValue(nonce)!, q, n, c, body);
            output.WriteLine(DigestClient.Response(input));
            if (parse.GetValue(userhash))
                output.WriteLine("username-hash: " + DigestClient.UserHash(alg, input.Username, input.Realm));
            return 0;
        });
        return command;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine("actorsip: " + message);
        return 2;
    }
}
