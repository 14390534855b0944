using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Recovery;
using Portal.Domain.Tenants;
using Portal.Web.Endpoints;

namespace Portal.Web.Tests.Http;

/// <summary>The drill evidence CSV over HTTP: authorized by the use case (another tenant's namespace is 404 with no rows), quoted
/// properly, named after the namespace and the day.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class DrillEvidenceCsvTests(DevelopmentPortal portal) : IClassFixture<DevelopmentPortal>
{
    [Fact]
    public async Task Csv_OfTheCallersNamespace_HasEveryDrillQuoted_AndAnotherTenantsIsNotFoundWithNoRows()
    {
        var browser = portal.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalHttpFactory.SignInAsync(browser, "rita")).StatusCode);
        var now = DateTimeOffset.UtcNow;
        Guid mine, theirs;
        await using (var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            var rita = await db.Users.FirstAsync(u => u.ExternalId == "dev:rita");
            var protector = portal.Services.GetRequiredService<ICredentialProtector>();
            var cluster = new Cluster($"csv-{Guid.NewGuid():N}"[..20], "https://fake:6443", protector.Protect("kubeconfig"), ClusterAuthKind.BearerToken, "test", now);
            var own = new Tenant($"own-{Guid.NewGuid():N}"[..12], "Own");
            var other = new Tenant($"other-{Guid.NewGuid():N}"[..14], "Other");
            var ownNs = new TenantNamespace(own.Id, cluster.Id, "ledger", now, "test");
            var otherNs = new TenantNamespace(other.Id, cluster.Id, "secret-app", now, "test");
            db.Clusters.Add(cluster);
            db.Tenants.AddRange(own, other);
            db.TenantNamespaces.AddRange(ownNs, otherNs);
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, rita.Id.ToString(), Persona.SreEngineer, ScopeKind.Tenant, own.Id));
            var passed = new RestoreDrill(own.Id, cluster.Id, "ledger", cluster.Id, null, DrillTrigger.OnDemand, null, Guid.NewGuid(), TimeSpan.FromMinutes(10),
                [new DrillCheck(DrillCheckKind.HttpGet, "web", 80, "/", 200)], null, "Rita \"the SRE\", Recovery", now.AddDays(-1));
            passed.Start(now.AddDays(-1));
            passed.UseBackup("daily-1", now.AddDays(-2), now.AddDays(-1));
            passed.RestoreStarted("r", now.AddDays(-1));
            passed.Verifying(now.AddDays(-1));
            passed.Pass(now.AddDays(-1).AddMinutes(4), [new DrillCheckResult("GET http://web:80/ answers 200", true, "200")]);
            var failed = new RestoreDrill(own.Id, cluster.Id, "ledger", cluster.Id, null, DrillTrigger.Scheduled, Guid.NewGuid(), Guid.NewGuid(), TimeSpan.FromMinutes(10),
                [], null, "drill schedule", now.AddHours(-1));
            failed.Fail("=HYPERLINK(\"x\"), and a second line\nDeployment web not ready", null, now.AddHours(-1));
            var foreign = new RestoreDrill(other.Id, cluster.Id, "secret-app", cluster.Id, null, DrillTrigger.OnDemand, null, Guid.NewGuid(), TimeSpan.FromMinutes(10),
                [], null, "Other SRE", now.AddHours(-1));
            foreign.Fail("other tenant's failure", null, now);
            db.RestoreDrills.AddRange(passed, failed, foreign);
            await db.SaveChangesAsync();
            (mine, theirs) = (ownNs.Id, otherNs.Id);
        }

        var ok = await browser.GetAsync(DrillEvidenceEndpoints.Path(mine));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("text/csv", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"drills-ledger-", ok.Content.Headers.ContentDisposition!.FileName!.Trim('"')[..14]);
        Assert.EndsWith($"{now:yyyy-MM-dd}.csv", ok.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var csv = (await ok.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n");
        Assert.StartsWith("drill_id,request_id,asked_at_utc,trigger,requested_by", lines[0]);
        Assert.Contains(",\"Rita \"\"the SRE\"\", Recovery\",", lines[1]);
        Assert.Contains(",240,600,yes,", lines[1]);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\"), and a second line\nDeployment web not ready\"", csv);
        Assert.DoesNotContain("other tenant", csv);

        var refused = await browser.GetAsync(DrillEvidenceEndpoints.Path(theirs));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("other tenant's failure", await refused.Content.ReadAsStringAsync());

        var badPeriod = await browser.GetAsync(DrillEvidenceEndpoints.Path(mine) + "?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        Assert.Contains("'from' must be a date as yyyy-MM-dd", await badPeriod.Content.ReadAsStringAsync());

        var anonymous = await portal.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(DrillEvidenceEndpoints.Path(mine));
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("-5", "'-5")]
    [InlineData("", "")]
    public void Field_QuotesAsRfc4180_AndDefusesFormulas(string value, string expected) => Assert.Equal(expected, DrillEvidenceCsv.Field(value));
}
