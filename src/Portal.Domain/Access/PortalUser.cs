using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>Someone who has signed in. <see cref="ExternalId"/> is the Entra object id (or the
/// development sign-in's id); the row is created on first sign-in.</summary>
public sealed class PortalUser : Entity
{
    private PortalUser() { ExternalId = DisplayName = Email = ""; }

    public PortalUser(string externalId, string displayName, string email)
    {
        ExternalId = externalId;
        DisplayName = displayName;
        Email = email;
    }

    public string ExternalId { get; private set; }
    public string DisplayName { get; private set; }
    public string Email { get; private set; }

    public void Refresh(string displayName, string email)
    {
        DisplayName = displayName;
        Email = email;
    }
}
