using MailHub.Testing;
using System.Net;
using System.Net.Sockets;

namespace MailHub.Channels.Tests.Support;

/// <summary>
/// A private Postfix (Debian package postfix) in a temporary folder: its own main.cf and master.cf,
/// queue and data folders, smtpd on a free loopback port, relaying everything to MailHub's listener.
/// Started with <c>postfix -c folder start</c>, never through systemd; needs root, as Postfix does.
/// </summary>
public sealed class PostfixInstance : IAsyncDisposable
{
    private readonly string _folder;

    private PostfixInstance(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Log => File.Exists(Path.Combine(_folder, "maillog")) ? File.ReadAllText(Path.Combine(_folder, "maillog")) : "(no log)";

    public static async Task<PostfixInstance> StartAsync(int relayPort)
    {
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("Postfix starts only as root; run these tests as root (as CI does).");
        if (ExternalTool.Find("postfix") is null)
            throw new InvalidOperationException("postfix is not installed: apt-get install -y postfix");

        var folder = Directory.CreateTempSubdirectory("mailhub-postfix-").FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        Directory.CreateDirectory(Path.Combine(folder, "queue"));
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {folder}/queue
            data_directory = {data}
            mail_owner = postfix
            setgid_group = postdrop
            myhostname = relay.postfix.test
            mydomain = postfix.test
            myorigin = postfix.test
            mydestination =
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            relayhost = [127.0.0.1]:{relayPort}
            smtpd_relay_restrictions = permit_mynetworks, reject
            smtp_tls_security_level = may
            maillog_file = {folder}/maillog
            maillog_file_prefixes = {folder}
            alias_maps =
            alias_database =
            local_recipient_maps =
            biff = no
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "master.cf"), $"""
            127.0.0.1:{port} inet n - n - - smtpd
            pickup    unix  n  -  n  60    1  pickup
            cleanup   unix  n  -  n  -     0  cleanup
            qmgr      unix  n  -  n  300   1  qmgr
            tlsmgr    unix  -  -  n  1000? 1  tlsmgr
            rewrite   unix  -  -  n  -     -  trivial-rewrite
            bounce    unix  -  -  n  -     0  bounce
            defer     unix  -  -  n  -     0  bounce
            trace     unix  -  -  n  -     0  bounce
            verify    unix  -  -  n  -     1  verify
            flush     unix  n  -  n  1000? 0  flush
            proxymap  unix  -  -  n  -     -  proxymap
            smtp      unix  -  -  n  -     -  smtp
            relay     unix  -  -  n  -     -  smtp
            showq     unix  n  -  n  -     -  showq
            error     unix  -  -  n  -     -  error
            retry     unix  -  -  n  -     -  error
            discard   unix  -  -  n  -     -  discard
            anvil     unix  -  -  n  -     1  anvil
            scache    unix  -  -  n  -     1  scache
            postlog   unix-dgram n - n - 1 postlogd
            """);
        var (exit, output) = await ExternalTool.RunAsync("chown", "postfix", data);
        if (exit != 0)
            throw new InvalidOperationException("chown postfix failed: " + output);

        var instance = new PostfixInstance(folder, port);
        (exit, output) = await ExternalTool.RunAsync("postfix", "-c", folder, "start");
        if (exit != 0)
            throw new InvalidOperationException($"postfix -c {folder} start failed ({exit}): {output}\n{instance.Log}");
        await instance.WaitListeningAsync();
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        await ExternalTool.RunAsync("postfix", "-c", _folder, "stop");
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Postfix did not listen on {Port}:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
