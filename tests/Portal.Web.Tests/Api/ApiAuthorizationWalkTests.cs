using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Tokens;
using Portal.Domain.Access;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>
/// The authorization walk over the API: every endpoint the app maps under /api/v1 (read from its <see cref="EndpointDataSource"/>, so a
/// new endpoint cannot be left out), called over real HTTP with a token of each Webshop persona (carrying every right of the API the
/// person holds in Webshop) aimed at Billing's ids as <see cref="ApiWalkTable"/> says: 404 (or the 403 a made-up id gets too), lists
/// without anything of Billing's, and nothing changed in the database.
/// </summary>
[Collection(PortalHttpCollection.Name)]
public sealed class ApiAuthorizationWalkTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    /// <summary>"METHOD /api/v1/route" of every endpoint that needs a token (the document and its reference page are anonymous and
    /// hold no tenant's data).</summary>
    private IReadOnlyList<string> ApiEndpoints() => portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith(Portal.Api.ApiSetup.Prefix + "/", StringComparison.Ordinal) == true)
        .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
        // The catch-all that answers "nothing here" for an address the API does not have takes no id of anyone's.
        .Where(e => !e.RoutePattern.RawText!.Contains("{**", StringComparison.Ordinal))
        .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
        .Distinct().Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void TheWalkTable_HasALineForEveryApiEndpoint_AndNoLineForAnEndpointThatIsGone()
    {
        var mapped = ApiEndpoints();
        Assert.NotEmpty(mapped);
        var missing = mapped.Except(ApiWalkTable.AimedAtBilling.Keys).ToList();
        Assert.True(missing.Count == 0, "These API endpoints have no line in ApiWalkTable.AimedAtBilling (tests/Portal.Web.Tests/Api/ApiWalkTable.cs), "
            + "so the authorization walk does not call them; add one line each saying how to call it with Billing's ids: " + string.Join(", ", missing));
        var gone = ApiWalkTable.AimedAtBilling.Keys.Except(mapped).ToList();
        Assert.True(gone.Count == 0, "ApiWalkTable.AimedAtBilling has lines for endpoints the app does not map (renamed or removed?): " + string.Join(", ", gone));
    }

    public static IEnumerable<object[]> Personas() => ApiPortal.WebshopPersonas.Keys.Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task EveryEndpoint_WithAWebshopPersonsToken_AimedAtBillingsIds_Answers404_ShowsNothingOfBillings_AndChangesNothing(Persona persona)
    {
        var person = ApiPortal.WebshopPersonas[persona];
        var rights = TokenChoices.ApiPermissions.Where(p => persona.Grants(p)).ToArray();
        using var client = portal.Client(await portal.TokenAsync(person, $"walk as {persona}", portal.Webshop, rights));
        var before = await SnapshotAsync();

        var failures = new List<string>();
        foreach (var endpoint in ApiEndpoints())
        {
            if (!ApiWalkTable.AimedAtBilling.TryGetValue(endpoint, out var aim))
            {
                failures.Add($"{endpoint}: no line in ApiWalkTable.AimedAtBilling");
                continue;
            }
            var method = endpoint[..endpoint.IndexOf(' ')];
            var call = aim(portal);
            var (status, body) = await SendAsync(client, method, call.Path, call.Body);
            if (Leaks(body) is { } leak) failures.Add($"{endpoint} as {persona}: the answer ({status}) holds Billing's {leak}: {Shorten(body)}");
            if (call.IsList)
            {
                if (status is not (200 or 403 or 404)) failures.Add($"{endpoint} as {persona}: a list answered {status}: {Shorten(body)}");
                continue;
            }
            if (status is not (404 or 403)) failures.Add($"{endpoint} as {persona}: Billing's id answered {status}, not 404: {Shorten(body)}");
            var unknown = portal.BillingIds.Aggregate(call.Path, (path, id) => path.Replace(id.ToString(), Guid.NewGuid().ToString(), StringComparison.OrdinalIgnoreCase));
            var (unknownStatus, _) = await SendAsync(client, method, unknown, call.Body);
            if (unknownStatus != status)
                failures.Add($"{endpoint} as {persona}: Billing's id answered {status} but a made-up id {unknownStatus}: the answer tells them apart");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(RequestStatus.PendingApproval, await portal.DbAsync(db => db.Requests.Where(r => r.Id == portal.BillingRequest).Select(r => r.Status).SingleAsync()));
        Assert.Equal(MigrationWaveStatus.PendingApproval, await portal.DbAsync(db => db.MigrationWaves.Where(w => w.Id == portal.BillingWave).Select(w => w.Status).SingleAsync()));
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, string method, string path, object? body)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) message.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private string? Leaks(string body)
    {
        if (body.Contains("billing", StringComparison.OrdinalIgnoreCase)) return "name";
        return portal.BillingIds.Any(id => body.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)) ? "id" : null;
    }

    /// <summary>Every row a call could change, in a stable order (the API's own call log and refusals are the only trace a walk may leave;
    /// tokens are left out: a call records when its token was last used).</summary>
    private Task<string> SnapshotAsync() => portal.DbAsync(async db => JsonSerializer.Serialize(new object[]
    {
        (await db.Tenants.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.TenantNamespaces.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.Clusters.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.ScopeBindings.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.Requests.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.RequestEvents.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.MigrationPlans.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.MigrationWaves.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.MigrationApplications.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.NamespaceProtections.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.NamespaceRpoStates.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.DatabaseTargets.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.DumpArtifacts.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.IdempotentAnswers.AsNoTracking().ToListAsync()).OrderBy(x => x.Id),
        (await db.AuditEvents.AsNoTracking().Where(e => e.Action != "api.call" && e.Action != "access.refused").ToListAsync()).OrderBy(x => x.Id),
    }));

    private static string Shorten(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
