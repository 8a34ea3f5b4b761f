"""Live thread sockets through daphne: a private group's topic refuses outsiders' sockets, members' connect."""

import pytest
import websockets
from websockets.exceptions import InvalidStatus

from portal.groups.models import Access
from tests.conftest import run_async
from tests.discussions.test_live_channel import ws_url
from tests.discussions.test_live_thread import session_cookie
from tests.groups.conftest import person, private_group_with_topic

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_private_group_topic_s_socket_refuses_outsiders_and_opens_for_members(daphne_server):
    member, outsider = person("Mina Member"), person("Otto Outsider")
    _, topic = private_group_with_topic(Access.INVITE, person("Olu Organiser"), member)
    url = ws_url(daphne_server, "discussions.topic", topic.pk)

    async def connect(cookie):
        socket = await websockets.connect(url, origin=daphne_server, additional_headers={"Cookie": cookie})
        await socket.close()

    for cookie in ("", session_cookie(outsider)):
        with pytest.raises(InvalidStatus) as refusal:
            run_async(connect, cookie)
        assert refusal.value.response.status_code == 403
    run_async(connect, session_cookie(member))
