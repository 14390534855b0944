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

    /// <summary>The drill schedule form saves without a MudForm validation first (what the policy page does): the cron typed
    /// right before the click must still be the one saved.</summary>
    [Fact]
    public async Task DrillSchedule_CronTyped_ThenSaveClickedAtOnce_SavesTheTypedCron()
    {
        var priya = await server.SignInAsync("priya");
        await priya.GotoAsync("/protection/policies/new");
        await WaitForCircuitAsync(priya);
        await Field(priya, "policy-name").FillAsync($"e2e-drillcron-{Guid.NewGuid().ToString("N")[..6]}");
        await Field(priya, "cron-expression").FillAsync("0 1 * * *");
        await Field(priya, "policy-retention").FillAsync("3");
        await Field(priya, "policy-rpo").FillAsync("30");
        await priya.GetByTestId("volumes-None").ClickAsync();
        await Assertions.Expect(priya.GetByTestId("cron-run")).ToHaveCountAsync(5);
        await priya.GetByTestId("save-policy").ClickAsync();
        await Assertions.Expect(priya).ToHaveURLAsync(new Regex("/protection/policies/[0-9a-f-]{36}$"));
        await WaitForCircuitAsync(priya);

        // The policy's drill schedule (none yet; its form starts at "0 4 * * 1"): a yearly cron typed, Save clicked at once.
        var form = priya.GetByTestId("drill-schedule-form");
        await Assertions.Expect(form.GetByTestId("drill-schedule-none")).ToBeVisibleAsync();
        var cron = form.Locator("input[data-testid=cron-expression], [data-testid=cron-expression] input").First;
        await Assertions.Expect(form.GetByTestId("cron-run")).ToHaveCountAsync(3);
        var typing = System.Diagnostics.Stopwatch.StartNew();
        await cron.FillAsync("17 3 1 1 *");
        await form.GetByTestId("drill-schedule-save").ClickAsync();
        typing.Stop();

        await Assertions.Expect(form.GetByTestId("drill-schedule-saved")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(typing.ElapsedMilliseconds < 400, $"typing and clicking took {typing.ElapsedMilliseconds} ms");
        await Assertions.Expect(form.GetByTestId("drill-schedule-current")).ToContainTextAsync("Drills \"17 3 1 1 *\"");
        await priya.Context.CloseAsync();
    }
}
