using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The certificate for STARTTLS and implicit TLS: the host's, or a self-signed one (ECDSA P-256)
/// kept as a PFX file so that clients that pinned it see the same one after a restart.
/// </summary>
internal static class ServerCertificate
{
    public static X509Certificate2 Resolve(SmtpServerOptions options, TimeProvider time)
    {
        if (options.Certificate is not null)
        {
            return options.Certificate;
        }

        var path = options.CertificatePath;
        var now = time.GetUtcNow();
        if (path is not null && File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(7) && existing.HasPrivateKey)
            {
                return existing;
            }

            existing.Dispose(); // expiring: make a new one
        }

        var pfx = CreateSelfSigned(options.ServerName, now);
        if (path is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllBytes(path, pfx);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // holds the private key
            }
        }

        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    private static byte[] CreateSelfSigned(string serverName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={serverName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serverName);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
