using System.Net;
using System.Net.Sockets;
using ActorSip.Cli;
using ActorSip.Cli.Commands;

namespace ActorSip.Sip.Tests.Cli;

/// <summary>pbm habits that need no node: HOST:PORT first, the interactive prompt on piped input, completion.</summary>
public sealed class ManagementCliTests
{
    [Theory]
    [InlineData("127.0.0.1:9110", true)]
    [InlineData("node-2.example.net:9111", true)]
    [InlineData("[::1]:9110", true)]
    [InlineData("localhost:0", false)]
    [InlineData("127.0.0.1:65536", false)]
    [InlineData("::1:9110", false)]
    [InlineData("cluster", false)]
    [InlineData("--node", false)]
    [InlineData("sip:alice@example.com", false)]
    public void A_first_argument_is_a_node_only_when_it_is_host_and_port(string arg, bool node) =>
        Assert.Equal(node, ActorSipCli.IsNodeAddress(arg));

    [Fact]
    public async Task Piped_commands_run_one_per_line_against_the_node_given_first()
    {
        var port = ClosedPort();
        var output = new StringWriter();
        var error = new StringWriter();
        var input = new StringReader("help\ncluster show\n\nexit\ncluster show\n");
        var code = await ActorSipCli.RunAsync([$"127.0.0.1:{port}"], output, error, input);

        var transcript = output.ToString();
        Assert.Contains($"actorsip 127.0.0.1:{port}> help", transcript);
        Assert.Contains("cluster-sharding", transcript); // help lists the palettes
        Assert.Contains($"actorsip 127.0.0.1:{port}> cluster show", transcript);
        // The command went to the node named at the prompt (nothing listens there), and `exit` ended the session.
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains($"cannot reach 127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.Equal(1, code);
    }

    [Fact]
    public void A_node_given_first_is_used_by_one_shot_commands()
    {
        var port = ClosedPort();
        var r = CliRunner.Run($"127.0.0.1:{port}", "cluster-sharding", "region-stats", "-r", "binding");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"cannot reach 127.0.0.1:{port}", r.Error);
    }

    [Fact]
    public void Region_stats_requires_a_region_type()
    {
        var r = CliRunner.Run("cluster-sharding", "region-stats");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--region", r.Error);
    }

    [Theory]
    [InlineData("cluster show --json", new[] { "cluster", "show", "--json" })]
    [InlineData("  config apply  'my file.cfg' ", new[] { "config", "apply", "my file.cfg" })]
    [InlineData("cluster join \"akka.tcp://actorsip@10.0.0.1:4053\"", new[] { "cluster", "join", "akka.tcp://actorsip@10.0.0.1:4053" })]
    [InlineData("", new string[0])]
    public void Prompt_lines_split_like_a_shell(string line, string[] expected) => Assert.Equal(expected, InteractiveShell.Split(line));

    [Fact]
    public void Tab_completes_palettes_and_verbs()
    {
        Assert.Equal(["cluster", "cluster-sharding"], InteractiveShell.Complete("clu").Order());
        Assert.Contains("down-unreachable", InteractiveShell.Complete("cluster "));
        Assert.Equal(["region-stats", "regions"], InteractiveShell.Complete("cluster-sharding reg").Order());
        Assert.Equal(["region-stats"], InteractiveShell.Complete("cluster-sharding region-"));
    }

    [Theory]
    [InlineData("127.0.0.1:4053", "akka.tcp://actorsip@127.0.0.1:4053")]
    [InlineData("akka.tcp://actorsip@10.0.0.2:4053", "akka.tcp://actorsip@10.0.0.2:4053")]
    public void Member_addresses_accept_host_and_port(string typed, string address) => Assert.Equal(address, ClusterPalette.Normalize(typed));

    /// <summary>A port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
