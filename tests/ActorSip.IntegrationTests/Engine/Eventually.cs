namespace ActorSip.IntegrationTests.Engine;

/// <summary>Polls a condition until it holds or the time is up; the last observation goes into the failure.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> observe, Func<T, bool> done, TimeSpan within, string what, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + within;
        T last;
        while (true)
        {
            last = await observe();
            if (done(last)) return last;
            if (DateTime.UtcNow > deadline) break;
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"{what} not reached within {within.TotalSeconds} s; last: {Describe(last)}\n{context?.Invoke()}");
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable list and not string => string.Join(", ", list.Cast<object>()),
        _ => value?.ToString() ?? "null",
    };
}
