using Portal.Domain.Common;

namespace Portal.Domain.Moves;

/// <summary>Where a wave stands. Stored as strings.</summary>
public enum MigrationWaveStatus
{
    /// <summary>Being planned: applications, window and limit can change.</summary>
    Draft,
    /// <summary>Submitted; a platform engineer (not the plan's author) decides.</summary>
    PendingApproval,
    /// <summary>Approved; waits for its window to open.</summary>
    Scheduled,
    /// <summary>Its window is open and applications are moving.</summary>
    Running,
    /// <summary>Every application moved.</summary>
    Completed,
    /// <summary>Every application ended, some did not move (failed, skipped or rolled back).</summary>
    CompletedWithProblems,
    /// <summary>Every application ended back where it was: rolled back, or never started. Nothing of the wave stays moved.</summary>
    RolledBack,
    /// <summary>Closed by the architect or a platform engineer: the move is final, rollback is no longer offered.</summary>
    Closed,
}

/// <summary>A group of applications that move together inside a cutover window, at most
/// <see cref="ConcurrencyLimit"/> at a time. Approved as a whole by a platform engineer (four eyes).</summary>
public sealed class MigrationWave : Entity
{
    public const int MaxConcurrency = 20;

    private MigrationWave() { Name = ""; }

    public MigrationWave(Guid planId, int order, string name, DateTimeOffset notBefore, DateTimeOffset notAfter, int concurrencyLimit, DateTimeOffset now)
    {
        PlanId = planId;
        Order = order;
        Name = "";
        Status = MigrationWaveStatus.Draft;
        Change(name, notBefore, notAfter, concurrencyLimit, now);
    }

    public Guid PlanId { get; private set; }
    /// <summary>1, 2, 3 ...: waves run in this order (a wave may only start when the ones before it ended).</summary>
    public int Order { get; private set; }
    public string Name { get; private set; }
    /// <summary>The cutover window: no application starts before <see cref="NotBefore"/> or after <see cref="NotAfter"/>.</summary>
    public DateTimeOffset NotBefore { get; private set; }
    public DateTimeOffset NotAfter { get; private set; }
    public int ConcurrencyLimit { get; private set; }
    public MigrationWaveStatus Status { get; private set; }

    /// <summary>Everyone who planned the wave (created or changed it, or its applications): none of them may approve it.</summary>
    public IReadOnlyList<string> PlannerIds { get; private set; } = [];
    public string? SubmittedById { get; private set; }
    public string? SubmittedByName { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public string? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionComment { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? ClosedByName { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: the dispatcher and people acting on the wave cannot both win.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    public bool IsEditable => Status == MigrationWaveStatus.Draft;

    /// <summary>Approved and not yet ended: applications may be moving.</summary>
    public bool IsUnderway => Status is MigrationWaveStatus.Scheduled or MigrationWaveStatus.Running;

    public bool HasEnded => Status is MigrationWaveStatus.Completed or MigrationWaveStatus.CompletedWithProblems or MigrationWaveStatus.RolledBack
        or MigrationWaveStatus.Closed;

    public bool WindowHasClosed(DateTimeOffset now) => now > NotAfter;

    public bool WindowIsOpen(DateTimeOffset now) => now >= NotBefore && now <= NotAfter;

    public void Change(string name, DateTimeOffset notBefore, DateTimeOffset notAfter, int concurrencyLimit, DateTimeOffset now)
    {
        RequireEditable("changed");
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("Give the wave a name.");
        if (name.Trim().Length > 100) throw new DomainException("Keep the wave's name to 100 characters.");
        if (notAfter <= notBefore) throw new DomainException("The window must end after it starts.");
        if (concurrencyLimit is < 1 or > MaxConcurrency)
            throw new DomainException($"Move between 1 and {MaxConcurrency} applications at a time (you asked for {concurrencyLimit}).");
        Name = name.Trim();
        NotBefore = notBefore;
        NotAfter = notAfter;
        ConcurrencyLimit = concurrencyLimit;
        Touch(now);
    }

    /// <summary>Remembers who shaped the wave, for the four-eyes rule.</summary>
    public void RecordPlanner(string userId, DateTimeOffset now)
    {
        if (PlannerIds.Contains(userId)) return;
        PlannerIds = [.. PlannerIds, userId];
        Touch(now);
    }

    public void Submit(string byId, string byName, DateTimeOffset now)
    {
        RequireEditable("submitted");
        if (WindowHasClosed(now))
            throw new DomainException($"The wave's window closed at {NotAfter:yyyy-MM-dd HH:mm} UTC; move the window before submitting it.");
        Status = MigrationWaveStatus.PendingApproval;
        SubmittedById = byId;
        SubmittedByName = byName;
        SubmittedAt = now;
        DecidedById = DecidedByName = DecisionComment = null;
        DecidedAt = null;
        Touch(now);
    }

    public const string OwnApprovalRefused = "You planned or submitted this wave, so you cannot approve it; another platform engineer has to.";
    public const string OwnRejectionRefused = "You planned or submitted this wave; withdraw it instead of deciding on it.";
    /// <summary>The words of a rejection without a reason (the API names its comment field with them).</summary>
    public const string RejectionNeedsReason = "Say why the wave goes back to planning, so the architect knows what to change.";

    /// <summary>Four eyes: neither the plan's author, nor anyone who planned the wave, nor whoever submitted it may approve it.</summary>
    public void Approve(MigrationPlan plan, string approverId, string approverName, string? comment, DateTimeOffset now)
    {
        Require(MigrationWaveStatus.PendingApproval, "approved");
        if (IsOwnWork(plan, approverId))
            throw new DomainException(OwnApprovalRefused);
        if (WindowHasClosed(now))
            throw new DomainException($"The wave's window closed at {NotAfter:yyyy-MM-dd HH:mm} UTC; send it back to planning to move the window.");
        Status = MigrationWaveStatus.Scheduled;
        Decide(approverId, approverName, comment, now);
    }

    /// <summary>Sends the wave back to planning with the reason.</summary>
    public void Reject(MigrationPlan plan, string approverId, string approverName, string comment, DateTimeOffset now)
    {
        Require(MigrationWaveStatus.PendingApproval, "sent back");
        if (IsOwnWork(plan, approverId))
            throw new DomainException(OwnRejectionRefused);
        if (string.IsNullOrWhiteSpace(comment)) throw new DomainException(RejectionNeedsReason);
        Status = MigrationWaveStatus.Draft;
        Decide(approverId, approverName, comment.Trim(), now);
    }

    /// <summary>The planner takes a submitted wave back to change it.</summary>
    public void Withdraw(DateTimeOffset now)
    {
        Require(MigrationWaveStatus.PendingApproval, "withdrawn");
        Status = MigrationWaveStatus.Draft;
        Touch(now);
    }

    public void MarkRunning(DateTimeOffset now)
    {
        if (Status == MigrationWaveStatus.Running) return;
        Require(MigrationWaveStatus.Scheduled, "started");
        Status = MigrationWaveStatus.Running;
        StartedAt = now;
        Touch(now);
    }

    /// <summary>The dispatcher acted on the wave's applications (queued, skipped): bumps <see cref="Version"/>, so two
    /// replicas dispatching the same wave at once cannot both save, and the concurrency limit holds.</summary>
    public void RecordDispatch(DateTimeOffset now)
    {
        if (!IsUnderway && !HasEnded) throw new DomainException($"A wave that is {Status} is not dispatched.");
        Touch(now);
    }

    /// <summary>Every application has ended; <paramref name="allMoved"/> says whether each one moved.</summary>
    public void MarkEnded(bool allMoved, DateTimeOffset now)
    {
        if (!IsUnderway && !HasEnded) throw new DomainException($"A wave that is {Status} cannot end.");
        if (Status == MigrationWaveStatus.Closed) return;
        Status = allMoved ? MigrationWaveStatus.Completed : MigrationWaveStatus.CompletedWithProblems;
        StartedAt ??= now;
        EndedAt ??= now;
        Touch(now);
    }

    /// <summary>Every application has ended: Completed when each moved, RolledBack when each was rolled back (or never
    /// started, with at least one rolled back), otherwise CompletedWithProblems. Called again after later rollbacks.</summary>
    public void MarkEnded(IReadOnlyCollection<MigrationApplicationStatus> outcomes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count > 0 && outcomes.All(o => o is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.Skipped)
            && outcomes.Any(o => o == MigrationApplicationStatus.RolledBack))
        {
            if (!IsUnderway && !HasEnded) throw new DomainException($"A wave that is {Status} cannot end.");
            if (Status == MigrationWaveStatus.Closed) return;
            Status = MigrationWaveStatus.RolledBack;
            StartedAt ??= now;
            EndedAt ??= now;
            Touch(now);
            return;
        }
        MarkEnded(outcomes.Count > 0 && outcomes.All(o => o == MigrationApplicationStatus.Moved), now);
    }

    /// <summary>Makes the move final: rollback is no longer offered, the sources stay scaled down for their owners to remove.</summary>
    public void Close(string byName, DateTimeOffset now)
    {
        if (Status is not (MigrationWaveStatus.Completed or MigrationWaveStatus.CompletedWithProblems))
            throw new DomainException(Status == MigrationWaveStatus.Closed
                ? "The wave is closed already."
                : $"Only a wave whose applications have all ended can be closed; this one is {Status}.");
        Status = MigrationWaveStatus.Closed;
        ClosedByName = byName;
        ClosedAt = now;
        Touch(now);
    }

    public bool IsOwnWork(MigrationPlan plan, string userId) =>
        userId == plan.AuthorId || userId == SubmittedById || PlannerIds.Contains(userId);

    private void Decide(string id, string name, string? comment, DateTimeOffset now)
    {
        DecidedById = id;
        DecidedByName = name;
        DecidedAt = now;
        DecisionComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        Touch(now);
    }

    private void RequireEditable(string verb)
    {
        if (!IsEditable) throw new DomainException($"Only a wave in planning can be {verb}; this one is {Status}.");
    }

    private void Require(MigrationWaveStatus expected, string verb)
    {
        if (Status != expected) throw new DomainException($"Only a wave that is {expected} can be {verb}; this one is {Status}.");
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
