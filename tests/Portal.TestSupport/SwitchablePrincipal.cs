using Portal.Application.Security;

namespace Portal.TestSupport;

/// <summary>The signed-in user, switchable in the middle of a test (requester, then approver).</summary>
public sealed class SwitchablePrincipal : ICurrentPrincipalProvider
{
    public CurrentPrincipal Current { get; set; } = CurrentPrincipal.Anonymous;

    public Task<CurrentPrincipal> GetAsync(CancellationToken ct = default) => Task.FromResult(Current);
}
