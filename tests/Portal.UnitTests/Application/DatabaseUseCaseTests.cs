using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Schedules;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public class DatabaseUseCaseTests
{
    private static RegisterDatabaseCommand Command(Guid ns, string secret = "orders-app", string passwordKey = "password") =>
        new(ns, "orders-db", DatabaseEngine.PostgreSql, "orders-rw", 5432, ["orders"], secret, "username", passwordKey, 16);

    [Fact]
    public async Task RegisterDatabase_WithExistingSecretAndKeys_IsRegistered()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        host.Databases.Secrets[("alpha-ns", "orders-app")] = ["username", "password", "uri"];
        host.Principal.Current = w.AlphaPeople[Persona.DatabaseEngineer];
        var id = await host.RunAsync<RegisterDatabase, Result<Guid>>(u => u.HandleAsync(Command(w.AlphaNs)));
        Assert.True(id.IsSuccess, id.Error?.Message);
        var listed = await host.RunAsync<ListDatabases, Result<IReadOnlyList<DatabaseView>>>(u => u.HandleAsync(new ListDatabasesQuery()));
        Assert.Equal("orders-rw.alpha-ns.svc", Assert.Single(listed.Value!, d => d.Id == id.Value).Host);
        Assert.All(listed.Value!, d => Assert.Equal("Alpha Shop", d.TenantName));
    }

    [Fact]
    public async Task RegisterDatabase_SecretMissing_SaysWhichSecret()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        host.Principal.Current = w.AlphaPeople[Persona.DatabaseEngineer];
        var result = await host.RunAsync<RegisterDatabase, Result<Guid>>(u => u.HandleAsync(Command(w.AlphaNs)));
        Assert.Equal("There is no Secret orders-app in namespace alpha-ns.", result.Error!.Message);
    }

    [Fact]
    public async Task RegisterDatabase_KeyMissing_NamesTheKeysThatExist()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        host.Databases.Secrets[("alpha-ns", "orders-app")] = ["username", "pass"];
        host.Principal.Current = w.AlphaPeople[Persona.DatabaseEngineer];
        var result = await host.RunAsync<RegisterDatabase, Result<Guid>>(u => u.HandleAsync(Command(w.AlphaNs)));
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("has no key password; it has username, pass", result.Error.Message);
    }

    [Fact]
    public async Task RegisterDatabase_AsApplicationOwner_IsForbidden()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        host.Databases.Secrets[("alpha-ns", "orders-app")] = ["username", "password"];
        host.Principal.Current = w.AlphaPeople[Persona.ApplicationOwner];
        var result = await host.RunAsync<RegisterDatabase, Result<Guid>>(u => u.HandleAsync(Command(w.AlphaNs)));
        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
    }

    [Fact]
    public void PreviewSchedule_NightlyInBerlinAcrossDaylightSaving_ShowsLocalRuns()
    {
        var now = new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero);
        var runs = PreviewSchedule.Preview("0 2 * * *", "Europe/Berlin", 5, now).ValueOrThrow().NextRuns;
        Assert.Equal(5, runs.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 2, 0, 0, TimeSpan.FromHours(1)), runs[0]);
        // 29 March 2026: clocks jump from 02:00 to 03:00, so that night's dump runs at 03:00 summer time.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), runs[1]);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 2, 0, 0, TimeSpan.FromHours(2)), runs[2]);
    }

    [Theory]
    [InlineData("0 2 * *", "Europe/Berlin", "five fields")]
    [InlineData("61 2 * * *", "Europe/Berlin", "not a valid cron expression")]
    [InlineData("0 2 * * *", "Mars/Olympus", "not an IANA time zone")]
    [InlineData("0 2 L * *", "Etc/UTC", "uses L, W or #")] // Cronos reads these; robfig/cron (Kubernetes, Velero) does not
    [InlineData("0 2 15W * *", "Etc/UTC", "uses L, W or #")]
    [InlineData("0 2 * * MON#2", "Etc/UTC", "uses L, W or #")]
    [InlineData("0 2 * * 5l", "Etc/UTC", "uses L, W or #")]
    [InlineData("0 2 * * *", "Europe", "not an IANA time zone")] // a folder of the zone database, as while typing "Europe/Berlin": SecurityException on Linux
    public void PreviewSchedule_BadInput_SaysWhatIsWrong(string cron, string zone, string expected) =>
        Assert.Contains(expected, PreviewSchedule.Preview(cron, zone, 5, DateTimeOffset.UtcNow).Error!.Message);

    [Theory]
    [InlineData("0 2 * JUL WED")] // names that hold an L or a W are names, not extensions
    [InlineData("0 2 * * MON-FRI")]
    [InlineData("*/15 * * * *")]
    public void PreviewSchedule_NamesAndSteps_AreRead(string cron) =>
        Assert.True(PreviewSchedule.Preview(cron, "Etc/UTC", 5, DateTimeOffset.UtcNow).IsSuccess);
}
