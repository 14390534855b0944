using System.Net;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Application.Abstractions;
using Portal.Application.Features.Notifications;
using Portal.Application.Features.Notifications.Messages;
using Portal.Domain.Notifications;

namespace Portal.Execution.Notifications;

/// <summary>Sends over HTTP (webhook, Slack, Teams: one POST of JSON, redirects not followed) or SMTP (MailKit). Only the
/// receiver's status code and a short reason come back; the address is never logged.</summary>
internal sealed class NotificationTransport(IHttpClientFactory http, IOptions<NotificationOptions> options, TimeProvider time) : INotificationTransport
{
    public const string HttpClientName = "notifications";

    public bool EmailConfigured => options.Value.Smtp.IsConfigured;

    public async Task<SendOutcome> SendAsync(NotificationChannelKind kind, string target, string? secret, NotificationMessage message, CancellationToken ct)
    {
        if (kind == NotificationChannelKind.Email) return await MailAsync(target, message, ct);
        var body = kind switch
        {
            NotificationChannelKind.Slack => NotificationPayloads.Slack(message),
            NotificationChannelKind.Teams => NotificationPayloads.Teams(message),
            _ => NotificationPayloads.Webhook(message),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (kind == NotificationChannelKind.Webhook)
        {
            request.Headers.Add("X-Portal-Event", message.IsTest ? "Test" : message.Type.ToString());
            request.Headers.Add("X-Portal-Delivery", message.DeliveryId.ToString());
            if (secret is not null) request.Headers.Add(WebhookSignature.Header, WebhookSignature.HeaderValue(secret, time.GetUtcNow(), body));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.SendTimeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return SendOutcome.Ok(code);
            var retryable = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return new SendOutcome(false, code, $"the receiver answered {response.ReasonPhrase ?? response.StatusCode.ToString()}", retryable);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(false, null, $"no answer within {options.Value.SendTimeout.TotalSeconds:0} seconds", true);
        }
        catch (HttpRequestException ex)
        {
            return new SendOutcome(false, null, $"could not reach the receiver ({ex.HttpRequestError})", true);
        }
    }

    private async Task<SendOutcome> MailAsync(string to, NotificationMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.IsConfigured) return new SendOutcome(false, null, "Not sent: no SMTP server is configured (Notifications:Smtp:Host).", false, Skipped: true);
        var (subject, text) = NotificationPayloads.Email(message);
        using var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(to));
        mail.Subject = subject;
        mail.Body = new TextPart("plain") { Text = text };
        using var client = new SmtpClient { Timeout = (int)options.Value.SendTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            await client.SendAsync(mail, ct);
            await client.DisconnectAsync(true, ct);
            return SendOutcome.Ok(null);
        }
        catch (SmtpCommandException ex)
        {
            return new SendOutcome(false, (int)ex.StatusCode, $"the mail server refused: {ex.Message}", (int)ex.StatusCode < 500);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or AuthenticationException
                                       or TimeoutException)
        {
            return new SendOutcome(false, null, $"could not send through the mail server: {ex.Message}", true);
        }
    }
}
