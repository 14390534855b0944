namespace Portal.TestSupport;

/// <summary>Waits for something that happens on its own (a controller step, an executor's run, a CronJob): polls
/// until the condition holds and fails, naming what was awaited, when the time is up. The one polling helper of the
/// test projects; to show that something did NOT happen, wait for an event that proves the code had its chance
/// (<see cref="ControllerPasses"/>) instead of sleeping.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until its value satisfies <paramref name="condition"/> and returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, Func<T, bool> condition, string what, int timeoutMs = 10000)
        where T : class
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        T? last = null;
        while (DateTime.UtcNow < until)
        {
            last = await probe();
            if (last is not null && condition(last)) return last;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last value: {last}");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
