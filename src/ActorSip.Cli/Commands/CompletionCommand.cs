using System.CommandLine;

namespace ActorSip.Cli.Commands;

/// <summary>`actorsip completion bash`: a bash completion function that asks actorsip itself (System.CommandLine's
/// [suggest] directive), so completion always matches the installed command tree.</summary>
public static class CompletionCommand
{
    public const string Bash = """
        # bash completion for actorsip: source <(actorsip completion bash)
        _actorsip() {
          local line=${COMP_LINE#* }
          local point=$((COMP_POINT - ${#COMP_LINE} + ${#line}))
          # A leading HOST:PORT names the node; it is not part of the command tree.
          if [[ $line =~ ^[^-\ ][^\ ]*:[0-9]+\  ]]; then
            local node=${BASH_REMATCH[0]}
            line=${line#"$node"}; point=$((point - ${#node}))
          fi
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$(actorsip "[suggest:$point]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _actorsip actorsip
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash" };
        shell.AcceptOnlyFromAmong("bash");
        var command = new Command("completion", "print a shell completion script: source <(actorsip completion bash)") { shell };
        command.SetAction(parse => parse.InvocationConfiguration.Output.WriteLine(Bash));
        return command;
    }
}
