namespace Portal.Domain.Recovery;

/// <summary>The one rule for a namespace's target RTO (recovery time objective): the namespace's own target, set by an SRE or
/// an owner on the namespace (<see cref="Tenants.TenantNamespace.TargetRto"/>), else the portal's default
/// (<c>Protection:DefaultTargetRto</c>). A drill records the target that held when it ran, so history keeps its meaning after
/// a change. A drill meets the target when its measured RTO is no longer than it.</summary>
public static class TargetRto
{
    public static readonly TimeSpan Minimum = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(7);

    public static TimeSpan Of(TimeSpan? namespaceTarget, TimeSpan portalDefault) => namespaceTarget ?? portalDefault;

    /// <summary>Why <paramref name="target"/> cannot be a target RTO, in words; null when it can.</summary>
    public static string? Explain(TimeSpan? target) => target switch
    {
        null => null,
        { } t when t < Minimum => "The target RTO must be at least a minute.",
        { } t when t > Maximum => "The target RTO can be at most 7 days.",
        _ => null,
    };

    public static bool Meets(TimeSpan measured, TimeSpan target) => measured <= target;
}
