using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using static Portal.E2E.Tests.PortalServerFixture;

namespace Portal.E2E.Tests;

/// <summary>The shared cron field waits for a pause in typing before it checks the schedule. In a real browser, a user
/// who types a cron and clicks Save at once (well within that pause) must get the cron they typed saved, never the one
/// the field held before.</summary>
[Collection(PortalServerCollection.Name)]
public class CronScheduleSaveTests(PortalServerFixture server)
{
    [Fact]
    public async Task CronTyped_ThenSaveClickedAtOnce_SavesTheTypedCron()
    {
        var priya = await server.SignInAsync("priya");
        await priya.GotoAsync("/protection/policies/new");
        await WaitForCircuitAsync(priya);
        var name = $"e2e-cron-{Guid.NewGuid().ToString("N")[..6]}";
        await Field(priya, "policy-name").FillAsync(name);
        await Field(priya, "policy-retention").FillAsync("3");
        await Field(priya, "policy-rpo").FillAsync("30");
        await priya.GetByTestId("volumes-None").ClickAsync();
        // A first cron, checked and shown: what the field holds before the user changes it.
        await Field(priya, "cron-expression").FillAsync("*/10 * * * *");
        await Assertions.Expect(priya.GetByTestId("cron-run")).ToHaveCountAsync(5);

        // The user types another cron and clicks Save straight away, before the field's pause has passed.
        var typing = System.Diagnostics.Stopwatch.StartNew();
        await Field(priya, "cron-expression").FillAsync("17 3 * * *");
        await priya.GetByTestId("save-policy").ClickAsync();
        typing.Stop();

        await Assertions.Expect(priya).ToHaveURLAsync(new Regex("/protection/policies/[0-9a-f-]{36}$"));
        await using var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var saved = await db.ProtectionPolicies.AsNoTracking().Where(p => p.Name == name).Select(p => p.Cron).SingleAsync();
        Assert.Equal("17 3 * * *", saved);
        // The click came within the field's pause (400 ms), so the test says something about it.
        Assert.True(typing.ElapsedMilliseconds < 400, $"typing and clicking took {typing.ElapsedMilliseconds} ms");
        await WaitForCircuitAsync(priya);
        await Assertions.Expect(Field(priya, "cron-expression")).ToHaveValueAsync("17 3 * * *");
        await priya.Context.CloseAsync();
    }
}
