using Portal.Domain.Moves;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>One step of moving an application (<see cref="MigrationStep"/>), registered keyed by its step. It records
/// what it is about to do in the run state before it acts, so it can run again after a crash.</summary>
internal interface IApplicationMoveStep
{
    Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct);
}

/// <summary>How a step ended, with what it did in words.</summary>
internal sealed record StepOutcome(MigrationStepStatus Status, string Detail)
{
    public static StepOutcome Done(string detail) => new(MigrationStepStatus.Done, detail);
    public static StepOutcome Skipped(string detail) => new(MigrationStepStatus.Skipped, detail);
}
