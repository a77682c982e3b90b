using System.Net;
using MailHub.Conversations.RemoteImages;
using MailHub.Testing;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Tests;

/// <summary>The image proxy is no way into MailHub's own network: by default it connects to public addresses only.</summary>
public sealed class RemoteImageAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:c0a8:101::1")]
    [InlineData("2001:db8::1")]
    public void Local_private_and_reserved_addresses_are_not_public(string address) =>
        Assert.False(PublicAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("203.0.114.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Internet_addresses_are_public(string address) =>
        Assert.True(PublicAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task An_image_on_a_loopback_server_is_refused_without_connecting(string host)
    {
        await using var images = await ImageServer.StartAsync();
        images.Serve("/logo.png", "image/png", ImageServer.Png);
        using var fetcher = new RemoteImageFetcher(Options.Create(new ConversationsOptions()));

        var image = await fetcher.FetchAsync(images.Url("/logo.png").Replace("127.0.0.1", host, StringComparison.Ordinal), CancellationToken.None);

        Assert.Null(image.Bytes);
        Assert.Contains("private or local address", image.Refusal, StringComparison.Ordinal);
        Assert.Empty(images.Requests);
    }
}
