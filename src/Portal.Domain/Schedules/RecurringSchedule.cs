using Portal.Domain.Common;

namespace Portal.Domain.Schedules;

/// <summary>
/// What every schedule the portal runs itself (drills, CSI snapshots) has in common: a five-field cron in an IANA zone (checked
/// by the application's one cron check before it is set), whether it is on, when it last ran and when it is due next. The
/// portal's one scheduler claims a due row by its <see cref="Version"/> and calls <see cref="Ran"/>, which moves
/// <see cref="NextDueAt"/> to the first occurrence after now: runs missed while the portal was down are made up once, never in
/// a burst. The columns are the entity's own (no table of its own).
/// </summary>
public abstract class RecurringSchedule : Entity
{
    protected RecurringSchedule() => Cron = TimeZone = "";

    public string Cron { get; private set; }
    public string TimeZone { get; private set; }
    public bool Enabled { get; private set; } = true;
    /// <summary>When the scheduler last ran the schedule.</summary>
    public DateTimeOffset? LastRunAt { get; private set; }
    /// <summary>The next time the schedule is due (the scheduler's queue).</summary>
    public DateTimeOffset NextDueAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: two replicas claiming the same due run cannot both win.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// <summary>Sets the cadence (changed by someone): the next run is <paramref name="nextDue"/>, the first occurrence of the
    /// cron after now.</summary>
    protected void SetCadence(string cron, string timeZone, bool enabled, DateTimeOffset nextDue, DateTimeOffset now)
    {
        Cron = cron.Trim();
        TimeZone = timeZone.Trim();
        Enabled = enabled;
        NextDueAt = nextDue.ToUniversalTime(); // cron occurrences come in the zone's offset; stored in UTC
        Touched(now);
    }

    /// <summary>The scheduler ran the schedule (due at or before <paramref name="now"/>); the next run is <paramref name="nextDue"/>,
    /// the first occurrence after now, so runs missed while the portal was down are made up by this one run only.</summary>
    public void Ran(DateTimeOffset now, DateTimeOffset nextDue)
    {
        if (nextDue <= now) throw new DomainException("The next run must be after this one.");
        LastRunAt = now;
        NextDueAt = nextDue.ToUniversalTime();
        Touched(now);
    }

    /// <summary>Something of the schedule changed: a new version, so a replica holding the old one cannot save over it.</summary>
    protected void Touched(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
