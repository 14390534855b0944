using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Notifications.Channels;
using Portal.Application.Features.Notifications.Delivery;
using Portal.Domain.Access;
using Portal.Domain.Notifications;
using Portal.Domain.Requests;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application.Notifications;

public class NotificationChannelUseCaseTests
{
    private static SaveNotificationChannelCommand Hook(Guid? tenant, string name = "sre-hook", string? secret = "a-long-signing-secret") =>
        new(null, tenant, name, NotificationChannelKind.Webhook, "https://hooks.example/portal?token=abcd", secret,
            [NotificationEventType.ApprovalNeeded, NotificationEventType.RequestFailed]);

    [Fact]
    public async Task Save_AsSre_StoresAddressAndSecretEncrypted_AndNeverShowsThemBack()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.SreEngineer];

        var saved = await host.RunAsync<SaveNotificationChannel, Result<Guid>>(u => u.HandleAsync(Hook(world.AlphaTenant)));
        Assert.True(saved.IsSuccess, saved.Error?.Message);

        await using (var db = await host.OpenAllAsync())
        {
            var row = await db.NotificationChannels.AsNoTracking().FirstAsync(c => c.Id == saved.Value);
            Assert.DoesNotContain("hooks.example/portal", row.EncryptedTarget);
            Assert.DoesNotContain("a-long-signing-secret", row.EncryptedSecret);
            Assert.Equal("https://hooks.example/…abcd", row.TargetHint);
        }
        var list = await host.RunAsync<ListNotificationChannels, Result<ChannelList>>(u => u.HandleAsync(new ListNotificationChannelsQuery(world.AlphaTenant)));
        var text = JsonSerializer.Serialize(list.Value);
        Assert.DoesNotContain("token=abcd", text);
        Assert.DoesNotContain("a-long-signing-secret", text);
        Assert.True(Assert.Single(list.Value!.Channels).HasSecret);
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("ftp://x.example/hook", "target")]
    [InlineData("short", "secret")]
    public async Task Save_InvalidInput_IsRefusedNextToItsField(string bad, string field)
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.PlatformEngineer];
        var cmd = field switch
        {
            "name" => Hook(world.AlphaTenant, name: bad),
            "target" => Hook(world.AlphaTenant) with { Target = bad },
            _ => Hook(world.AlphaTenant, secret: bad),
        };
        var result = await host.RunAsync<SaveNotificationChannel, Result<Guid>>(u => u.HandleAsync(cmd));
        Assert.Equal((ErrorKind.Validation, field), (result.Error!.Kind, result.Error.Field));
    }

    [Fact]
    public async Task Save_TenantChannel_AsApplicationOwner_IsRefused()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];
        var result = await host.RunAsync<SaveNotificationChannel, Result<Guid>>(u => u.HandleAsync(Hook(world.AlphaTenant)));
        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
        // ... but a channel of their own is theirs to keep.
        var own = await host.RunAsync<SaveNotificationChannel, Result<Guid>>(u => u.HandleAsync(Hook(null)));
        Assert.True(own.IsSuccess, own.Error?.Message);
    }

    [Fact]
    public async Task PersonalChannels_OfAnotherPerson_AreNeitherListedNorReachable()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.SreEngineer];
        var mine = await host.RunAsync<ListNotificationChannels, Result<ChannelList>>(u => u.HandleAsync(new ListNotificationChannelsQuery(null)));
        Assert.Empty(mine.Value!.Channels); // Bob's own channel is not listed
        var test = await host.RunAsync<SendTestNotification, Result<Portal.Application.Abstractions.SendOutcome>>(u =>
            u.HandleAsync(new SendTestNotificationCommand(world.BravoOwnerChannel)));
        Assert.Equal(ErrorKind.NotFound, test.Error!.Kind);
        Assert.Empty(host.Services.GetRequiredService<FakeNotificationTransport>().Sent);
    }

    [Fact]
    public async Task ApprovalNeeded_GoesToPeopleWhoMayApprove_NeverToTheRequester()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        var protector = host.Services.GetRequiredService<ICredentialProtector>();
        var people = new[] { Persona.SreEngineer, Persona.PlatformEngineer, Persona.ApplicationOwner, Persona.DatabaseEngineer };
        var channels = new Dictionary<Guid, Persona>();
        await using (var db = await host.OpenAllAsync())
        {
            foreach (var p in people)
            {
                var ch = NotificationChannel.ForPerson(world.AlphaPeople[p].UserId, [], $"{p}", NotificationChannelKind.Slack, protector.Protect("https://x"), "x", null,
                    [NotificationEventType.ApprovalNeeded], DateTimeOffset.UtcNow);
                db.NotificationChannels.Add(ch);
                channels[ch.Id] = p;
            }
            await db.SaveChangesAsync();
        }
        await using var read = await host.OpenAllAsync();
        // Alpha's pending restore, asked by Alpha's application owner; the default approver of a restore is an SRE.
        var e = await read.NotificationEvents.AsNoTracking()
            .FirstAsync(x => x.SubjectId == world.AlphaPendingRequest && x.Type == NotificationEventType.ApprovalNeeded);
        var audience = await NotificationAudience.ChannelsForAsync(read, e, CancellationToken.None);
        var reached = audience.Where(c => channels.ContainsKey(c.Id)).Select(c => channels[c.Id]).ToHashSet();
        var (_, approver) = await Portal.Application.Features.Requests.ApprovalRules.ResolveAsync(read, world.AlphaTenant, RequestKind.NamespaceRestore, default);
        Assert.Equal(new HashSet<Persona> { approver }, reached);
        Assert.DoesNotContain(Persona.ApplicationOwner, reached); // the requester, and owners do not approve
        // Bravo's channels hear nothing of Alpha's request.
        Assert.DoesNotContain(audience, c => c.Id == world.BravoChannel || c.Id == world.BravoOwnerChannel);
    }
}
