using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The certificate for STARTTLS and implicit TLS: the host's, or a self-signed one (ECDSA P-256)
/// kept as a PFX file so that clients that pinned it see the same one after a restart.
/// </summary>
public static class ServerCertificate
{
    public static X509Certificate2 Resolve(SmtpServerOptions options, TimeProvider time)
    {
        if (options.Certificate is not null)
        {
            return options.Certificate;
        }

        var path = options.CertificatePath;
        var now = time.GetUtcNow();
        if (path is not null && TryLoad(path) is { } existing)
        {
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

            // Written beside and renamed into place: several servers starting at once never read half a file.
            var staging = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(staging, pfx);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite); // holds the private key
            }

            File.Move(staging, path, overwrite: true);
        }

        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    /// <summary>The kept certificate, or null when there is none or it cannot be read (then a new one replaces it).</summary>
    private static X509Certificate2? TryLoad(string path)
    {
        try
        {
            return File.Exists(path) ? X509CertificateLoader.LoadPkcs12FromFile(path, password: null) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
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
