// Imitates: a printer client library (one job per socket) called from a web API for every shipment label: unlike a
// click handler, this runs at request rate.
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace Labels.Printing
{
    public sealed class ZebraPrinterClient
    {
        private readonly string _printerHost;

        public ZebraPrinterClient(string printerHost) => _printerHost = printerHost;

        public async Task PrintAsync(string zpl)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp); // expect: CH0010
            await socket.ConnectAsync(_printerHost, 9100);
            await socket.SendAsync(Encoding.ASCII.GetBytes(zpl), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Both);
        }
    }
}

namespace Labels.Api
{
    using Labels.Printing;

    [ApiController]
    [Route("api/shipments")]
    public class ShipmentLabelController : ControllerBase
    {
        private readonly ZebraPrinterClient _printer;

        public ShipmentLabelController(ZebraPrinterClient printer) => _printer = printer;

        [HttpPost("{id}/label")]
        public async Task<IActionResult> Print(string id)
        {
            await _printer.PrintAsync("^XA^FO20,20^BCN,100^FD" + id + "^FS^XZ");
            return Accepted();
        }
    }
}
