"""Interactive OVS helper: runs ovs-vsctl sub-commands typed by the operator."""
import asyncio


async def repl():
    while True:
        line = input('ovs-vsctl> ')
        if not line:
            break
        proc = await asyncio.create_subprocess_shell('ovs-vsctl ' + line)  # expect: DVR101
        await proc.wait()


asyncio.run(repl())
