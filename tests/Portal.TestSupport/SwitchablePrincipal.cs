using Portal.Application.Security;

namespace Portal.TestSupport;

/// <summary>The signed-in user, switchable in the middle of a test (requester, then approver).</summary>
public sealed class SwitchablePrincipal : ICurrentPrincipalProvider
{
    private Task? _holdNext;
    private int _held;

    public CurrentPrincipal Current { get; set; } = CurrentPrincipal.Anonymous;

    /// <summary>How many asks were held by <see cref="HoldNext"/>.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>The next ask for the principal (a use case starting) waits for <paramref name="gate"/>.</summary>
    public void HoldNext(Task gate) => _holdNext = gate;

    public async Task<CurrentPrincipal> GetAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _holdNext, null) is { } gate)
        {
            Interlocked.Increment(ref _held);
            await gate;
        }

        return Current;
    }
}
