namespace Portal.Application.Abstractions;

/// <summary>Encrypts cluster credentials at rest. Plain text exists only in memory, on the way to a cluster.</summary>
public interface ICredentialProtector
{
    string Protect(string plaintext);
    string Unprotect(string protectedText);
}
