using Portal.Domain.Common;

namespace Portal.Domain.Tenants;

/// <summary>A team or business unit that owns namespaces on the registered clusters.</summary>
public sealed class Tenant : Entity
{
    private Tenant() { Slug = DisplayName = ""; }

    public Tenant(string slug, string displayName)
    {
        if (KubernetesName.ExplainInvalidLabel(slug, "tenant slug") is { } why) throw new DomainException(why);
        if (string.IsNullOrWhiteSpace(displayName)) throw new DomainException("The tenant needs a display name.");
        Slug = slug;
        DisplayName = displayName.Trim();
    }

    /// <summary>Short DNS-label name, also written into labels of the objects made for this tenant.</summary>
    public string Slug { get; private set; }
    public string DisplayName { get; private set; }

    /// <summary>The protection policy every namespace of the tenant must be on, or better (see
    /// <see cref="Protection.ProtectionPolicy.Meets"/>); null for no minimum.</summary>
    public Guid? MinimumProtectionPolicyId { get; private set; }

    public void RequireProtection(Guid? minimumPolicyId) => MinimumProtectionPolicyId = minimumPolicyId;

    /// <summary>The longest a personal access token with rights in this tenant may live, in days; null for the default
    /// (<see cref="Access.AccessToken.DefaultMaxLifetime"/>).</summary>
    public int? MaxTokenLifetimeDays { get; private set; }

    /// <summary>The longest maximum a tenant may set: a year.</summary>
    public const int MaxTokenLifetimeLimitDays = 365;

    public TimeSpan MaxTokenLifetime => MaxTokenLifetimeDays is { } days ? TimeSpan.FromDays(days) : Access.AccessToken.DefaultMaxLifetime;

    public void LimitTokenLifetime(int? days)
    {
        if (days is < 1 or > MaxTokenLifetimeLimitDays)
            throw new DomainException($"A token may live between 1 and {MaxTokenLifetimeLimitDays} days (you set {days}).");
        MaxTokenLifetimeDays = days;
    }
}
