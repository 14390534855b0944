namespace Portal.Application.Security;

/// <summary>Lets background work run a unit of work as the portal itself: the executor sets
/// <see cref="Principal"/> in its own DI scope, and the access context uses it instead of the host's user.</summary>
public sealed class PrincipalOverride
{
    public CurrentPrincipal? Principal { get; set; }
}
