using System.CommandLine;
using System.Text;
using ActorSip.Cli.Commands;

namespace ActorSip.Cli;

/// <summary>
/// pbm's interactive mode: `actorsip HOST:PORT` with no command opens a prompt that runs one command per line
/// against that node (help, exit/quit, Tab completion at a terminal). Piped input runs line by line, so scripts
/// and tests drive it the same way.
/// </summary>
public static class InteractiveShell
{
    public static async Task<int> RunAsync(string node, TextReader input, TextWriter output, TextWriter error, bool terminal)
    {
        ManagementClient.CurrentDefault = node;
        var prompt = $"actorsip {node}> ";
        if (terminal) output.WriteLine($"connected to {node}; 'help' lists the commands, Tab completes, 'exit' leaves");
        var last = 0;
        while (true)
        {
            output.Write(prompt);
            output.Flush();
            var line = terminal ? ReadWithCompletion(prompt, output) : await input.ReadLineAsync();
            if (line is null)
            {
                output.WriteLine();
                return last;
            }
            if (!terminal) output.WriteLine(line); // echo, so a transcript of piped commands reads like a session
            var args = Split(line);
            if (args.Count == 0) continue;
            if (args[0] is "exit" or "quit") return last;
            if (args[0] == "help") args = ["--help"];
            last = await ActorSipCli.RunAsync([.. args], output, error);
        }
    }

    /// <summary>Splits a command line into arguments: blanks separate, double or single quotes group.</summary>
    public static List<string> Split(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inArg = false;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inArg = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inArg) args.Add(current.ToString());
                current.Clear();
                inArg = false;
            }
            else
            {
                current.Append(c);
                inArg = true;
            }
        }
        if (inArg) args.Add(current.ToString());
        return args;
    }

    /// <summary>The completions System.CommandLine offers for the last word of a partial line.</summary>
    public static IReadOnlyList<string> Complete(string partial)
    {
        var parse = ActorSipCli.Build().Parse(partial);
        var word = partial.Length == 0 || char.IsWhiteSpace(partial[^1]) ? "" : Split(partial).LastOrDefault() ?? "";
        return parse.GetCompletions(partial.Length).Select(c => c.Label).Where(l => l.StartsWith(word, StringComparison.Ordinal)).Distinct().ToList();
    }

    private static string? ReadWithCompletion(string prompt, TextWriter output)
    {
        var line = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    output.WriteLine();
                    return line.ToString();
                case ConsoleKey.Backspace:
                    if (line.Length > 0)
                    {
                        line.Length--;
                        output.Write("\b \b");
                    }
                    break;
                case ConsoleKey.Tab:
                    var text = line.ToString();
                    var options = Complete(text);
                    var word = text.Length == 0 || char.IsWhiteSpace(text[^1]) ? "" : Split(text).LastOrDefault() ?? "";
                    if (options.Count == 1)
                    {
                        var rest = options[0][word.Length..] + " ";
                        line.Append(rest);
                        output.Write(rest);
                    }
                    else if (options.Count > 1)
                    {
                        output.WriteLine();
                        output.WriteLine(string.Join("  ", options));
                        output.Write(prompt + line);
                    }
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && line.Length == 0:
                    return null;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Append(key.KeyChar);
                        output.Write(key.KeyChar);
                    }
                    break;
            }
        }
    }
}
