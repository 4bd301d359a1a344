namespace Opbx.Domain.Pbx;

public enum TrunkTransport { Udp, Tcp, Tls }
