namespace Portal.Application.Features.Notifications;

/// <summary>Configuration section "Notifications".</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The portal's public address ("https://portal.example.com"): messages link to pages under it. Without it a
    /// message names the page's path only.</summary>
    public string? PortalBaseUrl { get; set; }

    /// <summary>Run the notification worker in this process (every replica may).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts per delivery (the first and the retries) before it is given up.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The first retry's wait; it doubles per attempt (<see cref="Resilience.RetryRules.NotificationDelivery"/>).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A channel whose deliveries failed this many times in a row is paused until someone resumes it.</summary>
    public int PauseAfterFailures { get; set; } = 5;

    /// <summary>How often the worker looks for events and due deliveries when it has nothing to do.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a worker holds an event or a delivery it claimed (another replica takes it over after).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one HTTP delivery may take.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The absolute link to <paramref name="path"/>, or the path alone without a base address.</summary>
    public string LinkTo(string path) =>
        string.IsNullOrWhiteSpace(PortalBaseUrl) ? path : PortalBaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
}

/// <summary>The SMTP server e-mail channels send through; e-mail is offered only when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>STARTTLS (or TLS on 465); off only for a relay on the same host.</summary>
    public bool UseTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "portal@localhost";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
