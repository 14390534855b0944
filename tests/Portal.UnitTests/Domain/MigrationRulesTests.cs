using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Moves.Playbooks;
using Portal.Moves.Preflight;

namespace Portal.UnitTests.Domain;

public class MigrationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Source = Guid.NewGuid(), Target = Guid.NewGuid(), Tenant = Guid.NewGuid();

    private static (MigrationPlan Plan, MigrationWave Wave) PlanWithWave(int limit = 2)
    {
        var plan = new MigrationPlan("Exit", null, Source, Target, "maria", "Maria", Now);
        return (plan, new MigrationWave(plan.Id, 1, "Wave 1", Now.AddHours(1), Now.AddHours(3), limit, Now));
    }

    [Fact]
    public void Plan_SameSourceAndTarget_IsRefused() =>
        Assert.Contains("same cluster", Assert.Throws<DomainException>(() => new MigrationPlan("x", null, Source, Source, "m", "M", Now)).Message);

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Wave_ConcurrencyOutsideOneToTwenty_IsRefused(int limit) =>
        Assert.Throws<DomainException>(() => PlanWithWave(limit));

    [Fact]
    public void Wave_WindowEndingBeforeItStarts_IsRefused()
    {
        var (_, wave) = PlanWithWave();
        Assert.Contains("end after it starts", Assert.Throws<DomainException>(() => wave.Change("W", Now.AddHours(2), Now.AddHours(1), 1, Now)).Message);
    }

    [Fact]
    public void Wave_FourEyes_AuthorAndSubmitterCannotApprove_AnotherCan()
    {
        var (plan, wave) = PlanWithWave();
        wave.Submit("sam", "Sam", Now);
        Assert.Throws<DomainException>(() => wave.Approve(plan, "maria", "Maria", null, Now));
        Assert.Throws<DomainException>(() => wave.Approve(plan, "sam", "Sam", null, Now));
        wave.Approve(plan, "priya", "Priya", "ok", Now);
        Assert.Equal(MigrationWaveStatus.Scheduled, wave.Status);
        Assert.Throws<DomainException>(() => wave.Change("W", Now, Now.AddHours(1), 1, Now)); // no edits once approved
    }

    [Fact]
    public void Wave_ClosedWindow_CannotBeSubmittedOrApproved()
    {
        var (plan, wave) = PlanWithWave();
        wave.Submit("maria", "Maria", Now);
        Assert.Contains("window closed", Assert.Throws<DomainException>(() => wave.Approve(plan, "priya", "Priya", null, Now.AddHours(4))).Message);
        wave.Withdraw(Now);
        Assert.Contains("window closed", Assert.Throws<DomainException>(() => wave.Submit("maria", "Maria", Now.AddHours(4))).Message);
    }

    [Fact]
    public void Wave_SendBack_NeedsAReason_AndReturnsToPlanning()
    {
        var (plan, wave) = PlanWithWave();
        wave.Submit("maria", "Maria", Now);
        Assert.Throws<DomainException>(() => wave.Reject(plan, "priya", "Priya", " ", Now));
        wave.Reject(plan, "priya", "Priya", "window overlaps the freeze", Now);
        Assert.Equal(MigrationWaveStatus.Draft, wave.Status);
    }

    [Fact]
    public void Application_ChangingMappings_MakesThePreflightStale_AndNewWarningsNeedANewAcknowledgement()
    {
        var (plan, wave) = PlanWithWave();
        var app = new MigrationApplication(plan, wave, Tenant, "shop", "shop", null, Now);
        var warning = new PreflightFinding(PreflightRules.Namespace, PreflightSeverity.Warning, "exists already");
        app.RecordPreflight(wave, [warning], "", 0, [], [], Now);
        Assert.False(app.PassedPreflight);
        app.AcknowledgeWarnings(wave, "Maria", Now);
        Assert.True(app.PassedPreflight);
        app.ChangeMappings(wave, "shop-dr", app.Mappings, Now);
        Assert.False(app.PassedPreflight);
        app.RecordPreflight(wave, [warning], "", 0, [], [], Now);
        Assert.True(app.PassedPreflight); // same warnings: the acknowledgement stands
        app.RecordPreflight(wave, [warning with { Message = "something else" }], "", 0, [], [], Now);
        Assert.False(app.PassedPreflight);
        Assert.Equal("shop-dr", app.EffectiveMappings.Namespaces["shop"]);
    }

    [Fact]
    public void Application_ImpossiblePlaybook_IsRefusedWithTheAdvisorsReason()
    {
        var (plan, wave) = PlanWithWave();
        var app = new MigrationApplication(plan, wave, Tenant, "shop", "shop", null, Now);
        app.RecordInspection(new ApplicationClassification(true, false, false, false, "stateless", [], [], []),
            new PlaybookRecommendation(MigrationPlaybook.ExportTransformApply, "only configuration",
                [new PlaybookAlternative(MigrationPlaybook.GitOpsRedeploy, false, "no GitOps tool manages it")]), Now);
        Assert.Contains("no GitOps tool manages it", Assert.Throws<DomainException>(() => app.ChoosePlaybook(wave, MigrationPlaybook.GitOpsRedeploy, Now)).Message);
    }

    [Theory]
    [InlineData(MigrationPlaybook.VeleroBackupRestore, MigrationStep.MoveData, MigrationStep.Apply)]
    [InlineData(MigrationPlaybook.ExportTransformApply, MigrationStep.Apply, MigrationStep.MoveData)]
    public void Steps_DataMovesBeforeOrAfterTheApplyByPlaybook(MigrationPlaybook playbook, MigrationStep first, MigrationStep then)
    {
        var steps = MigrationSteps.For(playbook).ToList();
        Assert.True(steps.IndexOf(first) < steps.IndexOf(then));
        Assert.Equal(MigrationStep.FreezeGitOps, steps[0]);
        Assert.Equal(MigrationStep.SwitchGitOps, steps[^1]);
    }

    [Fact]
    public void Application_NeverStarted_CanBeSkipped_StartedOneCannot()
    {
        var (plan, wave) = PlanWithWave();
        var app = new MigrationApplication(plan, wave, Tenant, "shop", "shop", null, Now);
        app.RecordPreflight(wave, [], "", 0, [], [], Now);
        app.Schedule(Guid.NewGuid(), Now);
        app.StartStep(MigrationStep.FreezeGitOps, null, Now);
        Assert.Throws<DomainException>(() => app.MarkSkipped("window closed", Now));
    }

    [Fact]
    public void Wave_EveryApplicationRolledBack_IsRolledBack_NotCompletedWithProblems()
    {
        var (plan, wave) = PlanWithWave();
        wave.Submit("maria", "Maria", Now);
        wave.Approve(plan, "priya", "Priya", null, Now);
        wave.MarkRunning(Now.AddHours(1));
        wave.MarkEnded([MigrationApplicationStatus.Moved, MigrationApplicationStatus.Failed], Now.AddHours(2));
        Assert.Equal(MigrationWaveStatus.CompletedWithProblems, wave.Status);

        wave.MarkEnded([MigrationApplicationStatus.RolledBack, MigrationApplicationStatus.Skipped], Now.AddHours(2));
        Assert.Equal(MigrationWaveStatus.RolledBack, wave.Status);
        Assert.True(wave.HasEnded);
        Assert.Throws<DomainException>(() => wave.Close("Maria", Now.AddHours(2))); // nothing of it stays moved to make final
    }

    [Fact]
    public void Wave_AllMoved_IsCompleted_OneRolledBackAmongMoved_HasProblems()
    {
        var (plan, wave) = PlanWithWave();
        wave.Submit("maria", "Maria", Now);
        wave.Approve(plan, "priya", "Priya", null, Now);
        wave.MarkEnded([MigrationApplicationStatus.Moved, MigrationApplicationStatus.Moved], Now.AddHours(2));
        Assert.Equal(MigrationWaveStatus.Completed, wave.Status);
        wave.MarkEnded([MigrationApplicationStatus.Moved, MigrationApplicationStatus.RolledBack], Now.AddHours(2));
        Assert.Equal(MigrationWaveStatus.CompletedWithProblems, wave.Status);
    }
}
