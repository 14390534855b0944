using Portal.Application.Security;

namespace Portal.UnitTests.Support;

public sealed class TestPrincipalProvider : ICurrentPrincipalProvider
{
    public CurrentPrincipal Current { get; set; } = CurrentPrincipal.Anonymous;

    public Task<CurrentPrincipal> GetAsync(CancellationToken ct = default) => Task.FromResult(Current);
}
