using System.Text.Json;
using ActorSip.Sip.Tests.Conformance;

namespace ActorSip.Sip.Tests.Cli;

public sealed class SipParseCommandTests
{
    [Fact]
    public void Every_torture_file_gets_one_verdict_matching_the_index()
    {
        var rows = TortureCase.Load("conformance", "rfc4475", "INDEX.tsv");
        var paths = rows.Select(r => Fixtures.Path("conformance", "rfc4475", r.File)).ToArray();

        var result = CliRunner.Run(["sip", "parse", .. paths]);

        Assert.Equal(1, result.ExitCode); // some files are invalid by design
        Assert.Equal(rows.Count, result.Lines.Length);
        for (var i = 0; i < rows.Count; i++)
        {
            var expectOk = rows[i].Expected switch
            {
                "parse-ok" => true,
                "parse-reject" => false,
                _ => Rfc4475Tests.PerRfcNote[rows[i].File],
            };
            var line = result.Lines[i];
            Assert.StartsWith(paths[i] + ": ", line);
            Assert.StartsWith(expectOk ? paths[i] + ": ok " : paths[i] + ": invalid: ", line);
        }
    }

    [Fact]
    public void Valid_files_print_method_or_status_and_call_id_and_exit_zero()
    {
        var request = Fixtures.Path("conformance", "rfc4475", "cparam01.dat");
        var response = Fixtures.Path("conformance", "rfc4475", "noreason.dat");
        var result = CliRunner.Run("sip", "parse", request, response);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{request}: ok REGISTER cparam01.70710@saturn.example.com", result.Lines[0]);
        Assert.Equal($"{response}: ok 100 noreason.asndj203insdf99223ndf", result.Lines[1]);
    }

    [Fact]
    public void Json_output_is_one_object_per_file()
    {
        var good = Fixtures.Path("conformance", "rfc4475", "wsinv.dat");
        var bad = Fixtures.Path("conformance", "rfc4475", "ncl.dat");
        var result = CliRunner.Run("sip", "parse", "--json", good, bad);
        Assert.Equal(1, result.ExitCode);
        var first = JsonDocument.Parse(result.Lines[0]).RootElement;
        Assert.True(first.GetProperty("valid").GetBoolean());
        Assert.Equal("INVITE", first.GetProperty("method").GetString());
        Assert.Equal("9 INVITE", first.GetProperty("cseq").GetString());
        var second = JsonDocument.Parse(result.Lines[1]).RootElement;
        Assert.False(second.GetProperty("valid").GetBoolean());
        Assert.Equal("BadContentLength", second.GetProperty("code").GetString());
        Assert.Equal(10, second.GetProperty("line").GetInt32());
    }

    [Fact]
    public void A_missing_file_is_a_verdict_not_a_crash()
    {
        var result = CliRunner.Run("sip", "parse", "/nonexistent/capture.sip");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("/nonexistent/capture.sip: invalid: cannot read file", result.Lines.Single());
    }

    [Fact]
    public void Usage_errors_exit_two()
    {
        var result = CliRunner.Run("sip", "parse");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("actorsip:", result.Error);
    }
}
