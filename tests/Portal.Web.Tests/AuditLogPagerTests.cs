using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Auditing;
using Portal.Web.Components.Pages.Audit;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The audit log on a big table: the pager says "more than 10,000" instead of a count that scanned every row, and its
/// next button still goes on.</summary>
public sealed class AuditLogPagerTests : PortalTestContext
{
    [Fact]
    public async Task MoreThan10000Events_PagerSaysMoreThan10000()
    {
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            var at = DateTimeOffset.UtcNow.AddDays(-1);
            for (var i = 0; i < 10_050; i++)
                db.AuditEvents.Add(new AuditEvent(at.AddSeconds(i), "Sam", "request.approved", "request", $"r{i}", $"approved #{i}", TenantId));
            await db.SaveChangesAsync();
        }
        Principal.Current = Sam;

        var cut = Render<AuditLog>();

        cut.WaitForAssertion(() => Assert.Contains("1-25 of more than 10,000", cut.Markup));
        Assert.Contains("approved #10049", cut.Markup);
    }

    [Fact]
    public async Task FewEvents_PagerCountsThemExactly()
    {
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            for (var i = 0; i < 3; i++)
                db.AuditEvents.Add(new AuditEvent(DateTimeOffset.UtcNow, "Sam", "request.approved", "request", $"r{i}", $"approved #{i}", TenantId));
            await db.SaveChangesAsync();
        }
        Principal.Current = Sam;

        var cut = Render<AuditLog>();

        cut.WaitForAssertion(() => Assert.Contains("1-3 of 3", cut.Markup));
    }
}
