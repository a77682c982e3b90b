namespace MailHub.Core.Cluster;

/// <summary>Settings under <c>MailHub:Cluster</c>: where this node's Orleans silo listens and which cluster it joins.</summary>
public sealed class ClusterSettings
{
    public const string Section = "MailHub:Cluster";

    /// <summary>Nodes with the same ClusterId on one database form one cluster.</summary>
    public string ClusterId { get; set; } = "mailhub";

    /// <summary>Stays the same across deployments of the product (Orleans keys stored state by it).</summary>
    public string ServiceId { get; set; } = "mailhub";

    /// <summary>The port silos talk to each other on; 0 picks a free one at start (tests, several nodes on one machine).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port for external Orleans clients; none when not set (MailHub has none of its own).</summary>
    public int? GatewayPort { get; set; }

    /// <summary>The address other nodes reach this one on: set it to the node's own address when nodes run on several machines.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
