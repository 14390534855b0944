using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Tenants;
using Portal.Application.Security;
using Portal.Domain.Access;

namespace Portal.Web.Tests.Http;

[Collection(PortalHttpCollection.Name)]
public sealed class SessionRevocationTests(DevelopmentPortal portal) : IClassFixture<DevelopmentPortal>
{
    private static string SessionCookie(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.session=")).Split(';')[0];

    private HttpClient CopiedCookieClient(string cookie)
    {
        var thief = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        return thief;
    }

    [Fact]
    public async Task CopiedSessionCookie_AfterSignOut_IsRefused()
    {
        var browser = portal.Browser();
        var signIn = await PortalHttpFactory.SignInAsync(browser, "priya");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = SessionCookie(signIn);
        Assert.Equal(HttpStatusCode.OK, (await CopiedCookieClient(cookie).GetAsync("/tenants")).StatusCode);

        var token = await PortalHttpFactory.AntiforgeryTokenAsync(browser, "/");
        var signOut = await browser.PostAsync("/auth/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var replay = await CopiedCookieClient(cookie).GetAsync("/tenants");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/account/signin", replay.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task CopiedSessionCookie_OlderThanTheSessionsMaximumAge_IsRefusedThoughNeverRevoked()
    {
        var browser = portal.Browser();
        var cookie = SessionCookie(await PortalHttpFactory.SignInAsync(browser, "sam"));
        Assert.Equal(HttpStatusCode.OK, (await CopiedCookieClient(cookie).GetAsync("/requests")).StatusCode);

        var (_, session) = await LatestSessionAsync("dev:sam");
        var started = DateTimeOffset.UtcNow - UserSession.MaxAge - TimeSpan.FromMinutes(1);
        await using (var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
            await db.UserSessions.Where(x => x.Id == session.Id).ExecuteUpdateAsync(x => x.SetProperty(u => u.StartedAt, started));

        var replay = await CopiedCookieClient(cookie).GetAsync("/requests");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/account/signin", replay.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task UseCase_WithRevokedSession_IsRefusedAndRecorded()
    {
        var browser = portal.Browser();
        await PortalHttpFactory.SignInAsync(browser, "maria");
        var (user, session) = await LatestSessionAsync("dev:maria");
        await GrantAsync(user.Id, Persona.PlatformEngineer);
        var principal = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, [], SessionId: session.Id, SourceAddress: "192.0.2.7");

        Assert.True((await AsAsync(principal, s => s.GetRequiredService<ListTenants>().HandleAsync(new ListTenantsQuery()))).IsSuccess);

        // A platform engineer ends Maria's sessions (the users/access page's button); her open circuit acts next.
        var admin = await SignedInAdminAsync();
        var revoked = await AsAsync(admin, s => s.GetRequiredService<RevokeUserSessions>().HandleAsync(new RevokeUserSessionsCommand(user.Id)));
        Assert.True(revoked.IsSuccess, revoked.Error?.Message);

        var after = await AsAsync(principal, s => s.GetRequiredService<CreateTenant>().HandleAsync(new CreateTenantCommand("after-revoke", "After revoke")));
        Assert.Equal(ErrorKind.Forbidden, after.Error?.Kind);
        Assert.Equal(AccessContext.SessionEndedMessage, after.Error?.Message);

        await portal.Services.GetRequiredService<SecurityEvents>().FlushAsync();
        await using var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var refusal = await db.AuditEvents.Where(e => e.Action == "access.refused" && e.ActorUserId == user.Id.ToString()).SingleAsync();
        Assert.Equal("CreateTenant", refusal.TargetId);
        Assert.Equal("192.0.2.7", refusal.SourceAddress);
        Assert.Equal(Domain.Auditing.AuditOutcome.Refused, refusal.Outcome);
        Assert.Contains(await db.AuditEvents.Where(e => e.Action == "user.sessions-revoked").ToListAsync(), e => e.TargetId == user.Id.ToString());
    }

    [Fact]
    public async Task RemovedPersona_TakesEffectOnTheNextCall()
    {
        await PortalHttpFactory.SignInAsync(portal.Browser(), "sofia");
        var (user, session) = await LatestSessionAsync("dev:sofia");
        var binding = await GrantAsync(user.Id, Persona.PlatformEngineer);
        var principal = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, [], SessionId: session.Id);
        await AsAsync(principal, async s =>
        {
            // One scope stands for one open circuit.
            var list = s.GetRequiredService<ListTenants>();
            Assert.True((await list.HandleAsync(new ListTenantsQuery())).IsSuccess);
            await using (var db = await s.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
            {
                db.ScopeBindings.Remove(await db.ScopeBindings.SingleAsync(b => b.Id == binding));
                await db.SaveChangesAsync();
            }
            Assert.Equal(ErrorKind.Forbidden, (await list.HandleAsync(new ListTenantsQuery())).Error?.Kind);
            return 0;
        });
    }

    private async Task<CurrentPrincipal> SignedInAdminAsync()
    {
        await PortalHttpFactory.SignInAsync(portal.Browser(), "priya");
        var (admin, session) = await LatestSessionAsync("dev:priya");
        await GrantAsync(admin.Id, Persona.PlatformEngineer);
        return new CurrentPrincipal(admin.Id.ToString(), admin.DisplayName, admin.Email, [], SessionId: session.Id);
    }

    private async Task<(PortalUser User, UserSession Session)> LatestSessionAsync(string externalId)
    {
        await using var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var user = await db.Users.SingleAsync(u => u.ExternalId == externalId);
        var sessions = await db.UserSessions.Where(s => s.UserId == user.Id).ToListAsync();
        return (user, sessions.OrderByDescending(s => s.StartedAt).First());
    }

    private async Task<Guid> GrantAsync(Guid userId, Persona persona)
    {
        await using var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var binding = new ScopeBinding(PrincipalKind.User, userId.ToString(), persona, ScopeKind.Estate, null, null);
        db.ScopeBindings.Add(binding);
        await db.SaveChangesAsync();
        return binding.Id;
    }

    private async Task<T> AsAsync<T>(CurrentPrincipal principal, Func<IServiceProvider, Task<T>> act)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal = principal;
        return await act(scope.ServiceProvider);
    }
}
