namespace ActorSip.Sip.Tests.Locating;

/// <summary>A Random whose Next(min, max) returns the given values in turn and records the ranges asked for.</summary>
internal sealed class ScriptedRandom(params int[] values) : Random
{
    private readonly Queue<int> _values = new(values);

    public List<(int Min, int Max)> Requests { get; } = [];

    public override int Next(int minValue, int maxValue)
    {
        Requests.Add((minValue, maxValue));
        var value = _values.Dequeue();
        if (value < minValue || value >= maxValue)
        {
            throw new InvalidOperationException($"scripted {value} is outside [{minValue}, {maxValue})");
        }

        return value;
    }
}
