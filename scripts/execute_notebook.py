"""Executes a notebook on a Jupyter kernel and writes it with its outputs, as
`jupyter nbconvert --execute` does, but without losing outputs that arrive
after the kernel has reported a cell idle.

Deno's kernel (2.9) can send a cell's `status: idle` before the cell's last
output (even one the cell awaited with `Deno.jupyter.display`), with the
right parent header. nbclient (under nbconvert) stops listening for a cell
at its idle status, so such an output was dropped, with exit code 0. Here
every IOPub message is filed under the cell whose request it answers, and
the notebook is written only after a last request (kernel_info) has gone
through the kernel, so outputs of the last cell are in too.

Usage: execute_notebook.py INPUT OUTPUT [KERNEL_NAME]  (run by scripts/notebook.ts)
Exit code 1 if a cell raised (its error is in the notebook and on stderr).
"""
import os
import queue
import sys

import nbformat
from jupyter_client.manager import start_new_kernel

TIMEOUT = 300  # seconds a cell may take


def main(source, target, kernel_name):
    nb = nbformat.read(source, as_version=4)
    km, kc = start_new_kernel(kernel_name=kernel_name, cwd=os.path.dirname(os.path.abspath(source)))
    outputs = {}  # request msg_id -> outputs
    idle = set()  # request msg_ids whose idle status has arrived
    late = []  # outputs that arrived after their cell's idle status (nbconvert would have dropped them)

    def file_iopub(timeout):
        msg = kc.get_iopub_msg(timeout=timeout)
        parent = msg['parent_header'].get('msg_id')
        kind = msg['msg_type']
        if kind == 'status':
            if msg['content']['execution_state'] == 'idle':
                idle.add(parent)
        elif kind == 'clear_output':
            outputs[parent] = []
        elif kind in ('stream', 'display_data', 'execute_result', 'error'):
            if parent in idle:
                late.append(kind)
            cell_outputs = outputs.setdefault(parent, [])
            last = cell_outputs[-1] if cell_outputs else None
            if kind == 'stream' and last is not None and last.output_type == 'stream' and last.name == msg['content']['name']:
                last.text += msg['content']['text']
            else:
                cell_outputs.append(nbformat.v4.output_from_msg(msg))

    def until_idle(msg_id):
        while msg_id not in idle:
            file_iopub(TIMEOUT)

    failed = False
    try:
        kc.wait_for_ready(timeout=60)
        for cell in nb.cells:
            if cell.cell_type == 'code':
                cell.outputs, cell.execution_count = [], None
        requests = []
        for cell in nb.cells:
            if cell.cell_type != 'code':
                continue
            msg_id = kc.execute(cell.source, allow_stdin=False, stop_on_error=True)
            requests.append((cell, msg_id))
            reply = kc.get_shell_msg(timeout=TIMEOUT)
            while reply['parent_header'].get('msg_id') != msg_id:
                reply = kc.get_shell_msg(timeout=TIMEOUT)
            cell.execution_count = reply['content'].get('execution_count')
            until_idle(msg_id)
            if reply['content']['status'] != 'ok':
                failed = True
                break
        # A last request through the kernel: outputs sent after their cell's idle arrive before its idle.
        until_idle(kc.kernel_info())
        while True:
            try:
                file_iopub(0.2)
            except queue.Empty:
                break
        for cell, msg_id in requests:
            cell.outputs = outputs.get(msg_id, [])
            for output in cell.outputs:
                if output.output_type == 'error':
                    failed = True
                    sys.stderr.write('%s: %s\n' % (output.ename, output.evalue))
        if late:
            sys.stderr.write('%d output(s) arrived after their cell was reported idle (kept): %s\n' % (len(late), ', '.join(late)))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    nbformat.write(nb, target)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else 'deno'))
