using Portal.Domain.Common;
using Portal.Domain.Recovery;
using Portal.Domain.Tenants;

namespace Portal.UnitTests.Domain.Recovery;

public class RestoreDrillRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static RestoreDrill Drill(TimeSpan? keep = null, TimeSpan? target = null) => new(Guid.NewGuid(), Guid.NewGuid(), "shop", Guid.NewGuid(), null,
        DrillTrigger.OnDemand, null, Guid.NewGuid(), target ?? TimeSpan.FromMinutes(10), [], keep, "Sam", T0);

    private static RestoreDrill Verifying(RestoreDrill d, DateTimeOffset restoreStart)
    {
        d.Start(T0);
        d.UseBackup("shop-1", T0.AddHours(-1), T0);
        d.RestoreStarted("portal-drill-x", restoreStart);
        d.Verifying(restoreStart.AddMinutes(1));
        return d;
    }

    [Fact]
    public void Pass_MeasuresRtoFromRestoreStartToVerified()
    {
        var d = Verifying(Drill(), T0.AddSeconds(30));
        d.Pass(T0.AddMinutes(5).AddSeconds(30), [new DrillCheckResult("GET", true, "200")]);
        Assert.Equal(DrillStatus.Passed, d.Status);
        Assert.Equal(TimeSpan.FromMinutes(5), d.MeasuredRto);
        Assert.True(d.MetTarget);
        Assert.Equal(DrillCleanupState.Pending, d.CleanupState);
    }

    [Fact]
    public void Pass_SlowerThanTarget_DoesNotMeetIt()
    {
        var d = Verifying(Drill(target: TimeSpan.FromMinutes(2)), T0);
        d.Pass(T0.AddMinutes(3), []);
        Assert.False(d.MetTarget);
    }

    [Fact]
    public void Pass_WithAFailedCheck_IsRefused()
    {
        var d = Verifying(Drill(), T0);
        Assert.Throws<DomainException>(() => d.Pass(T0.AddMinutes(1), [new DrillCheckResult("GET", false, "503")]));
    }

    [Fact]
    public void Fail_AfterStart_KeepsForInspectionWhenAsked()
    {
        var d = Verifying(Drill(keep: TimeSpan.FromHours(2)), T0);
        d.Fail("Deployment web is not available (0 of 1 ready)", null, T0.AddMinutes(10));
        Assert.Equal(DrillCleanupState.Kept, d.CleanupState);
        Assert.Equal(T0.AddMinutes(10) + TimeSpan.FromHours(2), d.KeepUntil);
        Assert.False(d.DueForCleanup(T0.AddHours(1)));
        Assert.True(d.DueForCleanup(T0.AddHours(3)));
        Assert.Null(d.MeasuredRto);
    }

    [Fact]
    public void Fail_BeforeStart_LeavesNothingToCleanUp()
    {
        var d = Drill();
        d.Fail("The backup is gone", null, T0);
        Assert.Equal(DrillCleanupState.Done, d.CleanupState);
        Assert.False(d.DueForCleanup(T0));
    }

    [Fact]
    public void Start_Twice_IsRefused()
    {
        var d = Drill();
        d.Start(T0);
        Assert.Throws<DomainException>(() => d.Start(T0));
    }

    [Fact]
    public void UseBackup_OtherThanTheChosenOne_IsRefused()
    {
        var d = new RestoreDrill(Guid.NewGuid(), Guid.NewGuid(), "shop", Guid.NewGuid(), "shop-chosen", DrillTrigger.OnDemand, null, Guid.NewGuid(),
            TimeSpan.FromMinutes(10), [], null, "Sam", T0);
        d.Start(T0);
        Assert.Throws<DomainException>(() => d.UseBackup("shop-other", null, T0));
    }

    [Fact]
    public void Scheduled_WithoutSchedule_IsRefused() =>
        Assert.Throws<DomainException>(() => new RestoreDrill(Guid.NewGuid(), Guid.NewGuid(), "shop", Guid.NewGuid(), null, DrillTrigger.Scheduled, null,
            Guid.NewGuid(), TimeSpan.FromMinutes(10), [], null, "scheduler", T0));

    [Fact]
    public void TargetRto_NamespaceOwnTargetWinsOverTheDefault()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), TargetRto.Of(TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromHours(1), TargetRto.Of(null, TimeSpan.FromHours(1)));
        Assert.NotNull(TargetRto.Explain(TimeSpan.FromSeconds(30)));
        Assert.NotNull(TargetRto.Explain(TimeSpan.FromDays(8)));
        Assert.Null(TargetRto.Explain(TimeSpan.FromMinutes(30)));
        var ns = new TenantNamespace(Guid.NewGuid(), Guid.NewGuid(), "shop", T0, "seed");
        Assert.Throws<DomainException>(() => ns.SetTargetRto(TimeSpan.Zero));
        ns.SetTargetRto(TimeSpan.FromMinutes(20));
        Assert.Equal(TimeSpan.FromMinutes(20), ns.TargetRto);
    }

    [Theory]
    [InlineData(DrillCheckKind.HttpGet, "web", 80, "/healthz", 200, true)]
    [InlineData(DrillCheckKind.HttpGet, "Web", 80, "/healthz", 200, false)]
    [InlineData(DrillCheckKind.HttpGet, "web", 0, "/healthz", 200, false)]
    [InlineData(DrillCheckKind.HttpGet, "web", 80, "healthz", 200, false)]
    [InlineData(DrillCheckKind.HttpGet, "web", 80, "/a'; rm -rf /", 200, false)]
    [InlineData(DrillCheckKind.HttpGet, "web", 80, "/healthz", 99, false)]
    public void DrillCheck_Http_Rules(DrillCheckKind kind, string service, int port, string path, int status, bool ok) =>
        Assert.Equal(ok, new DrillCheck(kind, service, port, path, status).Problem() is null);

    [Fact]
    public void DrillCheck_Sql_Rules()
    {
        var db = Guid.NewGuid();
        Assert.Null(new DrillCheck(DrillCheckKind.SqlRowCount, DatabaseId: db, DatabaseName: "app", Table: "public.orders", MinimumRows: 1).Problem());
        Assert.NotNull(new DrillCheck(DrillCheckKind.SqlRowCount, DatabaseId: db, DatabaseName: "app", Table: "orders; drop", MinimumRows: 1).Problem());
        Assert.NotNull(new DrillCheck(DrillCheckKind.SqlRowCount, DatabaseName: "app", Table: "orders", MinimumRows: 1).Problem());
        Assert.Null(new DrillCheck(DrillCheckKind.SqlQueryTrue, DatabaseId: db, DatabaseName: "app", Query: "select count(*) > 0 from orders").Problem());
        Assert.NotNull(new DrillCheck(DrillCheckKind.SqlQueryTrue, DatabaseId: db, DatabaseName: "app", Query: " ").Problem());
    }
}
