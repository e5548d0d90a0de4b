"""Apache Libcloud's CloudStack driver, unchanged, against one URL: the management server's
commands and the stack commands. Reads CLOUDSTACK_URL, CLOUDSTACK_KEY, CLOUDSTACK_SECRET and
TEMPLATE_BODY; prints one JSON object with what it saw; exits non-zero on the first failure."""
import json
import os
import sys
from urllib.parse import urlparse

from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider


def main():
    url = urlparse(os.environ['CLOUDSTACK_URL'])
    driver = get_driver(Provider.CLOUDSTACK)(
        os.environ['CLOUDSTACK_KEY'], os.environ['CLOUDSTACK_SECRET'],
        secure=url.scheme == 'https', host=url.hostname, port=url.port, path=url.path)
    seen = {}
    zones = driver.list_locations()
    seen['zones'] = sorted(z.name for z in zones)
    zone = next(z for z in zones if z.name == 'zone-advanced')
    image = next(i for i in driver.list_images(location=zone) if i.name == 'Ubuntu 22.04')
    size = next(s for s in driver.list_sizes(location=zone) if s.name == 'Small Instance')
    node = driver.create_node(name='by-libcloud', size=size, image=image, location=zone, ex_start_vm=True)
    seen['node'] = {'name': node.name, 'state': str(node.state)}
    # The network the VM was placed on: alice's own (a shared one would not take her IP).
    vm = driver._sync_request('listVirtualMachines', params={'id': node.id})['virtualmachine'][0]
    network_id = vm['nic'][0]['networkid']
    address = driver.ex_allocate_public_ip(network_id=network_id, location=zone)
    seen['address'] = address.address
    seen['destroyed'] = driver.destroy_node(node)
    # Destroyed without expunge, as Libcloud destroys: still listed, no longer running.
    seen['left'] = [vm['state'] for vm in driver._sync_request('listVirtualMachines', params={'id': node.id}).get('virtualmachine', [])]

    # The stack commands through the same URL, with the driver's own request helpers.
    created = driver._async_request('createStack', params={'name': 'by-libcloud', 'templatebody': os.environ['TEMPLATE_BODY']})
    seen['created'] = {'name': created['stack']['name'], 'status': created['stack']['status']}
    listed = driver._sync_request('listStacks', params={'name': 'by-libcloud'})
    seen['listed'] = listed.get('count', 0)
    deleted = driver._async_request('deleteStack', params={'id': listed['stack'][0]['id']})
    seen['deleted'] = deleted['stack']['status']
    print(json.dumps(seen))


if __name__ == '__main__':
    try:
        main()
    except Exception as error:  # the test shows what went wrong
        print('%s: %s' % (type(error).__name__, error), file=sys.stderr)
        sys.exit(1)
