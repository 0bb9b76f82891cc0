namespace ActorSip.Node;

/// <summary>A management token and the operator it names in the audit trail.</summary>
public sealed record NamedToken(string Name, string Token)
{
    public override string ToString() => $"NamedToken({Name})";
}

/// <summary>`--management-tokens FILE`: one `NAME TOKEN` a line (`#` comments), so each change in the audit trail
/// names the operator whose token made it. Names are unique, tokens are unique and at least 16 characters.</summary>
public static class NamedTokens
{
    public static bool TryRead(string file, List<NamedToken> into, out string error)
    {
        if (!File.Exists(file))
        {
            error = $"--management-tokens: file '{file}' not found";
            return false;
        }
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(file))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            // The token itself is never echoed: only the line number and the name.
            if (parts.Length != 2)
            {
                error = $"--management-tokens: {file}:{lineNumber}: expected 'NAME TOKEN'";
                return false;
            }
            var (name, token) = (parts[0], parts[1]);
            if (!OperatorName.IsValid(name))
            {
                error = $"--management-tokens: {file}:{lineNumber}: the name must be 1-64 letters, digits, '.', '_', '-' or '@'";
                return false;
            }
            if (token.Length < ManagementSecurity.MinimumTokenLength)
            {
                error = $"--management-tokens: {file}:{lineNumber}: the token of '{name}' must be at least {ManagementSecurity.MinimumTokenLength} characters";
                return false;
            }
            if (into.Any(t => t.Name == name))
            {
                error = $"--management-tokens: {file}:{lineNumber}: '{name}' is named twice";
                return false;
            }
            if (into.Any(t => t.Token == token))
            {
                error = $"--management-tokens: {file}:{lineNumber}: the token of '{name}' is also another operator's";
                return false;
            }
            into.Add(new NamedToken(name, token));
        }
        if (into.Count == 0)
        {
            error = $"--management-tokens: {file}: no 'NAME TOKEN' line";
            return false;
        }
        error = "";
        return true;
    }
}

/// <summary>What an operator name may be: short and printable, so it can stand in a log line and the audit trail.</summary>
public static class OperatorName
{
    public static bool IsValid(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@');
}
