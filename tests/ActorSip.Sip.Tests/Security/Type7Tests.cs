using ActorSip.Sip.Security;

namespace ActorSip.Sip.Tests.Security;

public class Type7Tests
{
    public static TheoryData<string, string, string, string, string> Vectors()
    {
        var data = new TheoryData<string, string, string, string, string>();
        var lines = File.ReadAllLines(Fixtures.Path("conformance", "type7", "vectors.tsv"), System.Text.Encoding.ASCII);
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }
            var f = line.Split('\t');
            // case, plaintext, encoded, salt, expected
            data.Add(f[0], f[1], f[2], f[3], f[4]);
        }
        return data;
    }

    [Fact]
    public void The_vector_file_has_accepting_and_rejecting_rows()
    {
        var rows = Vectors().Select(r => (string)r[4]).ToList();
        Assert.Contains("decode-ok", rows);
        Assert.Contains(rows, r => r.StartsWith("reject:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_vector_row_holds(string kind, string plaintext, string encoded, string salt, string expected)
    {
        Assert.False(string.IsNullOrEmpty(kind));
        if (expected == "decode-ok")
        {
            Assert.True(Type7.TryDecode(encoded, out var decoded, out var error), error.ToString());
            Assert.Equal(plaintext, decoded);
            Assert.True(Type7.TryDecode(encoded.ToLowerInvariant(), out var lower, out _));
            Assert.Equal(plaintext, lower);
            Assert.Equal(encoded, Type7.Encode(plaintext, int.Parse(salt, System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            Assert.StartsWith("reject:", expected);
            Assert.False(Type7.TryDecode(encoded, out var decoded, out var error));
            Assert.Equal(expected["reject:".Length..], error.CodeName);
            Assert.Equal(string.Empty, decoded);
            Assert.DoesNotContain(encoded, error.Message);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(16)]
    public void Encode_refuses_a_salt_outside_0_to_15(int salt)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Type7.Encode("cisco", salt));
    }

    [Fact]
    public void Key_index_wraps_modulo_53()
    {
        var long_ = new string('x', 60);
        var encoded = Type7.Encode(long_, 15);
        Assert.True(Type7.TryDecode(encoded, out var back, out _));
        Assert.Equal(long_, back);
        // octet 38 uses key index 53, i.e. index 0 again, the same key octet as salt 0's first octet.
        Assert.Equal(Type7.Encode("x", 0)[2..4], encoded[(2 + 38 * 2)..(2 + 38 * 2 + 2)]);
    }
}
