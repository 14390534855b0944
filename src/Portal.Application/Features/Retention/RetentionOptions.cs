using Microsoft.Extensions.Options;

namespace Portal.Application.Features.Retention;

/// <summary>How long the audit log and the requests' timelines are kept (section <c>Retention</c>). 0 keeps them forever.
/// A value out of bounds stops the portal at start with the reason (<see cref="RetentionOptionsCheck"/>): it is never
/// rounded to something allowed.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>The youngest age at which the database lets an audit event go (its append-only trigger refuses younger ones):
    /// a compromised portal can never erase the recent trail.</summary>
    public const int AuditFloorDays = 365;

    /// <summary>Audit events older than this many days are removed; 0 keeps them forever, otherwise at least <see cref="AuditFloorDays"/>.</summary>
    public int AuditEventsDays { get; set; } = 400;

    /// <summary>Timeline rows of requests older than this many days are removed (the request itself stays); 0 keeps them forever.</summary>
    public int TimelineDays { get; set; } = 400;

    /// <summary>Rows removed per statement: each batch is its own short transaction, so a first run over years of history
    /// never holds a long lock or a huge transaction.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>How often the retention sweeper runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Refuses retention options out of bounds, in plain words, when the portal starts.</summary>
public sealed class RetentionOptionsCheck : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions o)
    {
        var problems = new List<string>();
        if (o.AuditEventsDays < 0 || o.AuditEventsDays is > 0 and < RetentionOptions.AuditFloorDays)
            problems.Add($"Retention:AuditEventsDays must be 0 (keep forever) or at least {RetentionOptions.AuditFloorDays} days (it is {o.AuditEventsDays}); "
                + "the database refuses to remove younger audit events.");
        if (o.TimelineDays < 0)
            problems.Add($"Retention:TimelineDays must be 0 (keep forever) or a number of days (it is {o.TimelineDays}).");
        if (o.BatchSize is < 1 or > 100_000)
            problems.Add($"Retention:BatchSize must be between 1 and 100000 (it is {o.BatchSize}).");
        if (o.Interval < TimeSpan.FromMinutes(1))
            problems.Add($"Retention:Interval must be at least a minute (it is {o.Interval}).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
