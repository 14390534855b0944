using Microsoft.AspNetCore.DataProtection;
using Portal.Application.Abstractions;

namespace Portal.Infrastructure.Security;

/// <summary>Encrypts kubeconfigs with ASP.NET Core Data Protection (AES-256-CBC + HMAC, rotating keys).
/// The key ring is kept in the database under a certificate every replica is given (<see cref="DatabaseKeyRing"/>).</summary>
internal sealed class DataProtectionCredentialProtector(IDataProtectionProvider provider) : ICredentialProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.ClusterCredentials.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}
