using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorSip.Sip.Transport;

/// <summary>How an outbound TLS connection checks the server (RFC 5922 §7): the platform's chain and name check,
/// against the system store or, when <see cref="SipTlsOptions.TrustedRoots"/> is set, only against those roots.</summary>
internal static class SipTlsValidation
{
    /// <summary>The chain policy for <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/>, or null
    /// for the system store. Revocation is not checked, as SslStream does not by default.</summary>
    public static X509ChainPolicy? Policy(SipTlsOptions? tls)
    {
        if (tls?.TrustedRoots is not { Count: > 0 } roots) return null;
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }

    /// <summary>Null when the certificate is acceptable, else a short reason for the operator.</summary>
    public static string? Refusal(string serverName, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return null;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return "the server presented no certificate";
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
                .Select(s => $"{s.Status} ({s.StatusInformation.Trim().TrimEnd('.')})").Distinct().ToList() ?? [];
            reasons.Add(statuses.Count > 0 ? string.Join(", ", statuses) : "chain not valid");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            reasons.Add($"name mismatch: the certificate is not for '{serverName}'");
        var subject = certificate is null ? "" : $" [subject '{certificate.Subject}', issuer '{certificate.Issuer}']";
        return string.Join("; ", reasons) + subject;
    }
}
