using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Application.Features.Notifications.Messages;

namespace Portal.E2E.Tests;

/// <summary>Notifications in a real browser against a real local receiver: Sam, Webshop's SRE, goes from My notifications to his
/// team's channels, adds a signed webhook for "Approval needed", sends a test (the receiver's answer is shown and the signature
/// verifies), then Alice asks for a restore and the receiver is told, with the link back; the delivery log shows HTTP 200.</summary>
[Collection(PortalServerCollection.Name)]
public sealed class NotificationJourneyTests(PortalServerFixture server) : IDisposable
{
    private const string Secret = "e2e-signing-secret-0123456789abcdef";
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Body, string Signature)> _received = new();
    private string _url = "";

    private void StartReceiver()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(40_000, 60_000);
            _url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(_url);
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 10) { }
        }
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                using (var reader = new StreamReader(context.Request.InputStream))
                    _received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["X-Portal-Signature"] ?? ""));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
    }

    private static ILocator Field(IPage page, string testId) => PortalServerFixture.Field(page, testId);

    private async Task<(string Body, string Signature)> ReceivedAsync(Func<string, bool> match)
    {
        for (var i = 0; i < 120; i++)
        {
            if (_received.FirstOrDefault(r => match(r.Body)) is { Body: not null } found) return found;
            await Task.Delay(500);
        }
        throw new Xunit.Sdk.XunitException($"The receiver was not called as expected within a minute; it got {_received.Count} message(s).");
    }

    [Fact]
    public async Task Sre_AddsASignedWebhook_SendsATest_ThenAnApprovalNeededReachesTheReceiver_AndTheLogShowsIt()
    {
        StartReceiver();
        var sam = await server.SignInAsync("sam");
        await sam.GotoAsync("/account/notifications");
        await PortalServerFixture.WaitForCircuitAsync(sam);
        await sam.GetByTestId("team-channels-link").Filter(new() { HasText = "Webshop" }).ClickAsync();
        await Assertions.Expect(sam).ToHaveURLAsync(new Regex("/tenants/[0-9a-f-]+#notifications"));
        await PortalServerFixture.WaitForCircuitAsync(sam);

        var name = $"SRE webhook {Guid.NewGuid().ToString("N")[..6]}";
        // The tenant's page, at its Notifications section (the team's channels, not Sam's own).
        await Assertions.Expect(sam.Locator("h6#notifications")).ToBeVisibleAsync();
        await sam.GetByTestId("channel-add").ClickAsync();
        await Field(sam, "channel-name").FillAsync(name);
        await Field(sam, "channel-target").FillAsync(_url);
        await Field(sam, "channel-secret").FillAsync(Secret);
        await sam.Locator("[data-testid=channel-types] input[data-type=ApprovalNeeded], [data-testid=channel-types] [data-type=ApprovalNeeded] input").First.CheckAsync();
        await sam.GetByTestId("channel-save").ClickAsync();

        var row = sam.Locator($"[data-testid=channel-row][data-name='{name}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await row.GetByTestId("channel-test").ClickAsync();
        await Assertions.Expect(sam.GetByTestId("channel-test-answer")).ToContainTextAsync("200");
        var test = await ReceivedAsync(b => b.Contains("\"type\":\"Test\""));
        Assert.True(WebhookSignature.Verify(Secret, test.Signature, test.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)),
            $"The test message's signature does not verify: {test.Signature}");

        // Alice asks for a restore; Webshop's restores wait for an SRE: the channel is told.
        var alice = await server.SignInAsync("alice");
        await alice.GotoAsync("/namespaces");
        await PortalServerFixture.WaitForCircuitAsync(alice);
        await alice.GetByTestId("cluster-group").Filter(new() { HasText = "prod-east" }).GetByTestId("restore-shop-frontend").ClickAsync();
        await Assertions.Expect(alice).ToHaveURLAsync(new Regex("/namespaces/[0-9a-f-]+/restore"));
        await PortalServerFixture.WaitForCircuitAsync(alice);
        await alice.Locator("[data-testid=backup-row][data-restorable=true]").First.Locator("[data-testid^=backup-option-]").ClickAsync();
        await alice.GetByTestId("target-new").ClickAsync();
        await Field(alice, "target-namespace").FillAsync($"shop-frontend-notify-{Guid.NewGuid().ToString("N")[..6]}");
        await Field(alice, "reason").FillAsync("notification journey");
        await alice.GetByTestId("submit-restore").ClickAsync();
        await Assertions.Expect(alice).ToHaveURLAsync(new Regex("/requests/[0-9a-f-]{36}$"));
        var requestId = alice.Url[^36..];

        var asked = await ReceivedAsync(b => b.Contains("ApprovalNeeded") && b.Contains(requestId));
        Assert.True(WebhookSignature.Verify(Secret, asked.Signature, asked.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.Contains($"/requests/{requestId}", asked.Body);
        Assert.DoesNotContain(Secret, asked.Body);

        await row.GetByTestId("channel-log").ClickAsync();
        var delivered = sam.GetByTestId("delivery-row").Filter(new() { HasText = "Approval needed" });
        await Assertions.Expect(delivered.First).ToContainTextAsync("HTTP 200");
        await alice.Context.CloseAsync();
        await sam.Context.CloseAsync();
    }

    public void Dispose() => _listener.Close();
}
