namespace ActorSip.Sip.Tests.Conformance;

/// <summary>One row of a conformance INDEX.tsv: file, RFC section, category, expected outcome, summary.</summary>
public sealed record TortureCase(string File, string Section, string Category, string Expected, string Summary)
{
    public static IReadOnlyList<TortureCase> Load(params string[] indexPath) =>
        System.IO.File.ReadAllLines(Fixtures.Path(indexPath))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(c => new TortureCase(c[0], c[1], c[2], c[3], c[4]))
            .ToList();

    public override string ToString() => File;
}
