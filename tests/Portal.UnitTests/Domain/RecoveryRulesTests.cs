using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.UnitTests.Domain;

/// <summary>A recovery application: restored from a backup, never rolled back, its data loss known once recovered.</summary>
public class RecoveryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static (MigrationPlan Plan, MigrationWave Wave, MigrationApplication App) Recovery(IReadOnlyList<PreflightFinding>? findings = null)
    {
        var plan = MigrationPlan.ForRecovery("Rebuild prod-east", null, Guid.NewGuid(), Guid.NewGuid(),
            [new UnrecoverableNamespace(Guid.NewGuid(), "catalog", "no backup")], "sam", "Sam SRE", Now);
        var wave = new MigrationWave(plan.Id, 1, "Shop", Now, Now.AddHours(4), 2, Now);
        var app = new MigrationApplication(plan, wave, Guid.NewGuid(), "shop", "shop", null, Now);
        app.PlanRecovery(wave, new RecoveryPoint("nightly", "default", Now.AddHours(-3), "Met", true),
            new ApplicationClassification(false, false, false, false, "recovered", [], [], []), findings ?? [], Now);
        return (plan, wave, app);
    }

    [Fact]
    public void PlanRecovery_RestoreFromBackup_WithItsSteps_ReadyWithoutAPreflightAgainstTheSource()
    {
        var (plan, wave, app) = Recovery();
        Assert.True(plan.IsRecovery);
        Assert.Single(plan.Unrecoverable);
        Assert.Equal(MigrationPlaybook.RestoreFromBackup, app.Playbook);
        Assert.Null(app.NotReadyBecause());
        app.Schedule(Guid.NewGuid(), Now);
        Assert.Equal([MigrationStep.MoveData, MigrationStep.Verify, MigrationStep.SwitchGitOps], app.Steps.Select(s => s.Step).ToArray());
        Assert.Equal(MigrationWaveStatus.Draft, wave.Status);
    }

    [Fact]
    public void PlanRecovery_WarningsMustBeAcknowledged()
    {
        var (_, wave, app) = Recovery([new PreflightFinding("data-loss", PreflightSeverity.Warning, "data after the backup is lost")]);
        Assert.NotNull(app.NotReadyBecause());
        app.AcknowledgeWarnings(wave, "Sam SRE", Now);
        Assert.Null(app.NotReadyBecause());
    }

    [Fact]
    public void MarkMoved_RecordsTheDataLoss_FromTheBackupsPointInTime()
    {
        var (_, _, app) = Recovery();
        Assert.Null(app.Recovery!.DataLoss);
        app.Schedule(Guid.NewGuid(), Now);
        app.MarkMoved(Now.AddMinutes(30));
        Assert.Equal(TimeSpan.FromHours(3.5), app.Recovery!.DataLoss);
        Assert.Equal("3 h 30 min", RecoveryPoint.Words(app.Recovery.DataLoss!.Value));
    }

    [Fact]
    public void Recovery_IsNeverRolledBack_AndKeepsItsPlaybook()
    {
        var (_, wave, app) = Recovery();
        Assert.Throws<DomainException>(() => app.ChoosePlaybook(wave, MigrationPlaybook.VeleroBackupRestore, Now));
        app.Schedule(Guid.NewGuid(), Now);
        Assert.False(app.CanRollBack);
        var ex = Assert.Throws<DomainException>(() => app.RequestRollback(Guid.NewGuid(), "Pete", Now));
        Assert.Contains("nothing to roll back to", ex.Message);
    }

    [Fact]
    public void ChangingTheStorageClasses_KeepsARecoveryReady()
    {
        var (_, wave, app) = Recovery();
        app.ChangeMappings(wave, "shop", MigrationMappings.None with { StorageClasses = new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" } }, Now);
        Assert.Null(app.NotReadyBecause());
    }

    [Fact]
    public void AMigration_CannotChooseTheRecoveryPlaybook()
    {
        var plan = new MigrationPlan("Move", null, Guid.NewGuid(), Guid.NewGuid(), "mia", "Mia", Now);
        var wave = new MigrationWave(plan.Id, 1, "W", Now, Now.AddHours(1), 1, Now);
        var app = new MigrationApplication(plan, wave, Guid.NewGuid(), "shop", "shop", null, Now);
        Assert.Throws<DomainException>(() => app.ChoosePlaybook(wave, MigrationPlaybook.RestoreFromBackup, Now));
    }
}
