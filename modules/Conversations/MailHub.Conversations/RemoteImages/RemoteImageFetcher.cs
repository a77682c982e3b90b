using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.RemoteImages;

/// <summary>An image fetched for a message, or why it was not.</summary>
internal sealed record RemoteImage(byte[]? Bytes, string? ContentType, string? Refusal);

/// <summary>
/// Fetches a remote image of a customer's mail for the console, as a mail client would, and no more: http and https only,
/// raster image types only (no SVG: it can carry script), at most <see cref="RemoteImageOptions.MaxBytes"/>, three
/// redirects, no cookies, credentials or referrer, no proxy. Every connection, redirects included, goes only to public
/// addresses (checked on the addresses the name resolved to when connecting, so a name that resolves to a private
/// address later cannot slip through), unless <see cref="RemoteImageOptions.AllowPrivateAddresses"/>.
/// </summary>
internal sealed class RemoteImageFetcher : IDisposable
{
    private const int MaxRedirects = 3;

    // What browsers show in an <img> and cannot run script.
    private static readonly HashSet<string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/gif", "image/jpeg", "image/pjpeg", "image/webp", "image/avif", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon",
    };

    private readonly RemoteImageOptions _options;
    private readonly HttpClient _client;

    public RemoteImageFetcher(IOptions<ConversationsOptions> options)
    {
        _options = options.Value.RemoteImages;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // each hop is checked below
            UseCookies = false,
            UseProxy = false, // a proxy would connect for us, past the address check
            Credentials = null,
            PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("MailHub-ImageProxy", "1.0"));
        foreach (var type in ImageTypes)
            _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
    }

    public async Task<RemoteImage> FetchAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            var next = Parse(url);
            for (var hop = 0; next.Uri is { } uri; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects)
                        return Refused($"The image's server redirected more than {MaxRedirects} times.");
                    next = Parse(new Uri(uri, location).AbsoluteUri);
                    continue;
                }
                return await ReadAsync(response, timeout.Token);
            }
            return Refused(next.Refusal!);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused($"The image's server did not answer within {_options.TimeoutSeconds} seconds.");
        }
        catch (HttpRequestException e) when (e.InnerException is PrivateAddressException refused)
        {
            return Refused(refused.Message);
        }
        catch (HttpRequestException e)
        {
            return Refused($"The image's server could not be reached: {e.Message}");
        }
    }

    private async Task<RemoteImage> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            return Refused($"The image's server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is null || !ImageTypes.Contains(type))
            return Refused($"The URL is not an image MailHub shows (it is {type ?? "of no stated type"}; shown are PNG, GIF, JPEG, WebP, AVIF, BMP and icons).");
        if (response.Content.Headers.ContentLength > _options.MaxBytes)
            return Refused(TooLarge());
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (bytes.Length + read > _options.MaxBytes)
                return Refused(TooLarge());
            bytes.Write(buffer, 0, read);
        }
        return new RemoteImage(bytes.ToArray(), type.ToLowerInvariant(), null);
    }

    private string TooLarge() => $"The image is larger than {_options.MaxBytes / 1024} KB, the most MailHub fetches.";

    private static (Uri? Uri, string? Refusal) Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return (null, "Only http and https images are fetched.");
        if (uri.UserInfo.Length > 0)
            return (null, "Images behind a user name and password are not fetched.");
        return (uri, null);
    }

    private static RemoteImage Refused(string reason) => new(null, null, reason);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = _options.AllowPrivateAddresses ? addresses : [.. addresses.Where(PublicAddresses.IsPublic)];
        if (allowed.Length == 0)
        {
            throw new PrivateAddressException(addresses.Length == 0
                ? $"{host} has no address."
                : $"{host} is a private or local address ({addresses[0]}); MailHub fetches images from the public internet only.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();

    private sealed class PrivateAddressException(string message) : Exception(message);
}
