using ActorSip.Trunks.Ios;

namespace ActorSip.Trunks;

/// <summary>
/// Reads a running-config or a pasted configuration session (with `Router(config-sip-ua)#` prompts and wrapped
/// lines) into trunk commands and applies them in order, as IOS does. Sections outside sip-ua and POTS dial-peers
/// are ignored. Never throws on bad input: every refusal is a <see cref="ConfigError"/> naming the line.
/// </summary>
public static class IosConfigReader
{
    public static ConfigReadResult Read(string text, string file) => ReadOnto(TrunkConfig.Empty, text, file);

    /// <summary>Reads lines typed into a running configuration (`config apply`): commands, including `no` forms,
    /// apply on top of <paramref name="running"/>, as on a router's `configure terminal`.</summary>
    public static ConfigReadResult ReadOnto(TrunkConfig running, string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = IosLineReader.Read(text);
        var commands = new List<(int, TrunkCommand)>();
        var errors = new List<ConfigError>();
        var mode = IosMode.Global;
        DialPeerTag? peer = null;
        var sectionIndented = false;
        // Dial-peers seen so far, so that `dial-peer voice N` (without pots) can enter an existing one.
        var shadow = running;

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Prompt == PromptKind.Exec)
            {
                continue; // enable, configure terminal, show ...: exec commands
            }
            var text1 = line.Text;
            if (text1.StartsWith('!'))
            {
                mode = IosMode.Global;
                continue;
            }
            if (line.Prompt == PromptKind.None && line.Indent == 0 && mode != IosMode.Global && sectionIndented)
            {
                mode = IosMode.Global; // a running-config section ends at the next unindented line
            }
            var outcome = Parse(text1, line.Indent, mode, peer, shadow, out var leaves);
            // A command cut short at the end of a line, continued on the next (as the seed prints long lines).
            while (outcome.Incomplete && line.Prompt == PromptKind.None && i + 1 < lines.Count
                && lines[i + 1].Prompt == PromptKind.None && !IosCommandParser.StartsKnownCommand(lines[i + 1].Text))
            {
                i++;
                text1 = text1 + " " + lines[i].Text;
                outcome = Parse(text1, line.Indent, mode, peer, shadow, out leaves);
            }
            if (leaves)
            {
                mode = IosMode.Global;
                peer = null;
                continue;
            }
            if (outcome.Error is { } error)
            {
                errors.Add(new ConfigError(file, line.Number, error));
                continue;
            }
            foreach (var command in outcome.Commands)
            {
                commands.Add((line.Number, command));
                shadow = shadow.Apply(command).Config;
            }
            if (outcome.EnterMode is { } next)
            {
                mode = next;
                peer = outcome.DialPeer;
                sectionIndented = false;
            }
            else if (mode != IosMode.Global && line.Indent > 0)
            {
                sectionIndented = true;
            }
        }
        return ConfigReadResult.FromCommands(file, commands, errors, running);
    }

    private static LineOutcome Parse(string text, int indent, IosMode mode, DialPeerTag? peer, TrunkConfig shadow, out bool leaves)
    {
        leaves = false;
        var words = IosTokenizer.Tokenize(text);
        if (words.Count == 0)
        {
            return LineOutcome.Ignored;
        }
        if (words.Count == 1 && (IosWords.IsKeyword(words[0], "exit") || IosWords.IsKeyword(words[0], "end")))
        {
            leaves = true;
            return LineOutcome.Ignored;
        }
        // Global commands stand unindented; an indented `sip` or `dial-peer` belongs to another section.
        if (indent == 0 && IosCommandParser.TryGlobal(new IosWords(words), shadow) is { } global)
        {
            return global;
        }
        return mode switch
        {
            IosMode.SipUa => IosCommandParser.SipUa(new IosWords(words)),
            IosMode.DialPeer when peer is { } tag => IosCommandParser.DialPeerCommand(new IosWords(words), tag),
            IosMode.Global when LooksLikeSectionStart(words) => LineOutcome.Enter(IosMode.Unrelated),
            _ => LineOutcome.Ignored,
        };
    }

    /// <summary>Any other unindented global line may open a section (interface, voice service, ...) whose lines are not ours.</summary>
    private static bool LooksLikeSectionStart(List<string> words) =>
        !IosWords.IsKeyword(words[0], "configure") && !IosWords.IsKeyword(words[0], "enable");
}
