// Imitates: a WinForms label-printing app whose Print button opens one raw TCP connection to the printer (port 9100)
// per job: human rate, not a TIME_WAIT hazard (correct code). The WinForms types are look-alikes declared here.
using System;
using System.Net.Sockets;
using System.Text;
using System.Windows.Forms;

namespace System.Windows.Forms
{
    public class Control
    {
        public string Text { get; set; } = string.Empty;
    }

    public class Form : Control
    {
    }

    public class Button : Control
    {
        public event EventHandler? Click;

        public void PerformClick() => Click?.Invoke(this, EventArgs.Empty);
    }

    public class TextBox : Control
    {
    }

    public static class MessageBox
    {
        public static void Show(string text) { }
    }
}

namespace LabelDesk
{
    public partial class MainForm : Form
    {
        private readonly Button btnPrint = new();
        private readonly TextBox txtPrinterIp = new() { Text = "192.168.1.50" };
        private readonly TextBox txtLabel = new();

        public MainForm()
        {
            btnPrint.Click += btnPrint_Click;
        }

        private void btnPrint_Click(object? sender, EventArgs e)
        {
            var zpl = "^XA^FO50,50^A0N,40,40^FD" + txtLabel.Text + "^FS^XZ";
            try
            {
                using var client = new TcpClient(txtPrinterIp.Text, 9100);
                using var stream = client.GetStream();
                var bytes = Encoding.ASCII.GetBytes(zpl);
                stream.Write(bytes, 0, bytes.Length);
                MessageBox.Show("Label sent");
            }
            catch (SocketException ex)
            {
                MessageBox.Show("Printer not reachable: " + ex.Message);
            }
        }
    }
}
